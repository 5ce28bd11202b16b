import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { FIXTURE_USERS } from "../dev/testing/fixture-users";
import { expectSignedIn, signIn } from "./helpers";

/**
 * The public status page as members use it, with its one script: it updates
 * itself without a reload (no meta refresh), shows times in the reader's
 * local time with UTC on request, tells each day's uptime on tap, stays
 * complete without script, and axe-core finds nothing at 375 and 1280 px in
 * the light and dark schemes.
 */
const { admin } = FIXTURE_USERS;

async function waitForReadings(page: Page) {
  await expect
    .poll(async () => (await (await page.request.get("/api/status")).json()).updated_at, {
      timeout: 60_000,
      intervals: [1_000],
    })
    .not.toBeNull();
}

/** An admin's request context, for opening and closing incidents through the API. */
async function adminRequests(browser: Browser) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, admin.email, admin.password);
  await expectSignedIn(page);
  return { request: page.request, close: () => context.close() };
}

const badge = (page: Page, component: string) => page.locator(`[data-unit="c-${component}"] .state`).first();

test("the page updates itself in place, without a reload or a meta refresh", async ({ page, browser }) => {
  test.setTimeout(120_000);
  await waitForReadings(page);
  await page.goto("/status");
  expect(await page.locator('meta[http-equiv="refresh" i]').count()).toBe(0);
  expect(await page.evaluate(() => [...document.scripts].map((s) => new URL(s.src).pathname))).toEqual([
    "/status/refresh.js",
  ]);
  // No incident names Redis yet (whatever Howdah measures for it on this busy machine).
  await expect(page.locator('[data-unit="c-redis"] .reason')).toHaveCount(0);
  // A reload would lose this mark and the focus on the feed link.
  await page.evaluate(() => ((window as unknown as { __mark: number }).__mark = 42));
  await page.getByRole("link", { name: "Incident feed (Atom)" }).focus();

  const admin = await adminRequests(browser);
  const title = `Redis restarts ${Date.now()}`;
  const created = await admin.request.post("/api/incidents", {
    data: { kind: "incident", title, body: "Timelines pause for a minute.", impact: "major", components: ["redis"] },
  });
  expect(created.ok()).toBe(true);
  const body = await created.json();
  const id = (body.id ?? body.incident?.id) as string;
  try {
    // The script refreshes every 30 s and when the tab is shown again: show it again until the change is in.
    const poke = () => page.evaluate(() => document.dispatchEvent(new Event("visibilitychange")));
    const reason = page.locator('[data-unit="c-redis"] .reason');
    await expect.poll(async () => (await poke(), await reason.count()), { timeout: 30_000 }).toBe(1);
    await expect(badge(page, "redis")).toHaveText(/Outage$/);
    await expect(page.locator("#overall")).toHaveText(/Some parts of the server are down/);
    await expect(page.locator('[data-unit="c-redis"] .reason')).toHaveText(`Incident “${title}”: investigating.`);
    await expect(page.getByRole("heading", { level: 3, name: title })).toBeVisible();
    expect(await page.evaluate(() => (window as unknown as { __mark?: number }).__mark)).toBe(42);
    await expect(page.getByRole("link", { name: "Incident feed (Atom)" })).toBeFocused();
    const json = await (await page.request.get("/api/status")).json();
    expect(json.components.find((c: { id: string }) => c.id === "redis")).toMatchObject({
      state: "outage",
      measured_state: "operational",
    });
  } finally {
    const resolved = await admin.request.post(`/api/incidents/${id}`, { data: { status: "resolved", body: "Done." } });
    expect(resolved.ok()).toBe(true);
    await admin.close();
  }
  const poke = () => page.evaluate(() => document.dispatchEvent(new Event("visibilitychange")));
  await expect
    .poll(async () => (await poke(), await page.locator('[data-unit="c-redis"] .reason').count()), {
      timeout: 30_000,
    })
    .toBe(0);
  expect(await page.evaluate(() => (window as unknown as { __mark?: number }).__mark)).toBe(42);
});

test("times show in the reader's time zone, in UTC on request, and each day's bar tells its minutes", async ({
  browser,
}) => {
  test.setTimeout(90_000);
  const context = await browser.newContext({ timezoneId: "Asia/Tokyo", locale: "en-GB", hasTouch: true });
  const page = await context.newPage();
  try {
    await waitForReadings(page);
    await page.goto("/status");
    const time = page.locator("#overall ~ .age time");
    const utcText = (await time.getAttribute("data-utc"))!;
    expect(utcText).toMatch(/ UTC$/);
    await expect(time).not.toHaveText(/UTC$/);
    await expect(time).toHaveAttribute("title", utcText);
    const toggle = page.getByRole("button", { name: "Show times in UTC" });
    await expect(toggle).toHaveAttribute("aria-pressed", "false");
    await toggle.click();
    await expect(toggle).toHaveAttribute("aria-pressed", "true");
    await expect(time).toHaveText(utcText);

    // The response-time charts draw the dashed line their captions speak of.
    await expect(page.locator("svg.line line.slow")).toHaveCount(2);
    await expect(page.getByText(/The dashed line, at [\d.]+ \w+, is where it counts as slow\./).first()).toBeVisible();

    const database = page.locator('[data-unit="c-database"]');
    const today = database.locator("svg.bars rect").last();
    await expect(today.locator("title")).toHaveText(/^\d+ \w{3}: (working|slow|down|no readings)/);
    await today.tap();
    await expect(database.locator(".dayshow")).toHaveText(/^\d+ \w{3}: (working|slow|down|no readings)/);
    await database.getByText("Day by day").click();
    await expect(database.locator("details.daylist")).toHaveAttribute("open", "");
  } finally {
    await context.close();
  }
});

test("without script the page is complete and offers a link to check again", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  try {
    await page.goto("/status");
    await expect(page.getByRole("heading", { level: 2, name: "Components" })).toBeVisible();
    await expect(page.locator("li.component")).toHaveCount(8);
    await expect(page.getByRole("link", { name: "Check again" })).toHaveAttribute("href", /\/status$/);
    await expect(page.locator("#overall ~ .age time")).toHaveText(/ UTC$/);
    await expect(page.getByRole("button", { name: "Show times in UTC" })).toHaveCount(0);
  } finally {
    await context.close();
  }
});

for (const width of [375, 1280] as const) {
  for (const scheme of ["light", "dark"] as const) {
    test(`axe-core finds no violation on /status at ${width} px, ${scheme}`, async ({ browser }) => {
      test.setTimeout(90_000);
      const context = await browser.newContext({
        viewport: { width, height: width < 500 ? 740 : 900 },
        isMobile: width < 500,
        hasTouch: width < 500,
        colorScheme: scheme,
      });
      const page = await context.newPage();
      try {
        await waitForReadings(page);
        await page.goto("/status");
        await expect(page.getByRole("button", { name: "Show times in UTC" })).toBeVisible();
        // A day's detail and the day-by-day list open, as a reader would leave them.
        await page.locator("details.daylist summary").first().click();
        const axe = await new AxeBuilder({ page }).analyze();
        const violations = axe.violations.map(
          (v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`,
        );
        expect(violations).toEqual([]);
        expect(
          await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth),
        ).toBeLessThanOrEqual(0);
      } finally {
        await context.close();
      }
    });
  }
}

test("the first visitor after a quiet spell gets a fresh reading and no false warning", async ({ browser }) => {
  test.setTimeout(150_000);
  // Two and a half rounds (30 s each) with no request at all, as on a quiet night.
  await new Promise((resolve) => setTimeout(resolve, 75_000));
  const context = await browser.newContext({ viewport: { width: 375, height: 740 }, isMobile: true });
  const page = await context.newPage();
  try {
    await page.goto("/status");
    const age = await page.locator("#overall ~ .age").textContent();
    // At most one round old (plus the round's own few seconds).
    expect(age).toMatch(/^Updated (just now|[1-3]0 seconds ago)/);
    await expect(page.getByText("may be out of date")).toHaveCount(0);
    const json = await (await page.request.get("/api/status")).json();
    expect(json.stale).toBe(false);
    expect(json.age_seconds).toBeLessThanOrEqual(40);
  } finally {
    await context.close();
  }
});

test("an admin edits a published incident's impact, then deletes it, and the page follows", async ({ page }) => {
  test.setTimeout(90_000);
  await signIn(page, admin.email, admin.password);
  await expectSignedIn(page);
  const title = `Apps cannot log in ${Date.now()}`;
  const created = await page.request.post("/api/incidents", {
    data: { kind: "incident", title, body: "Logins fail for some.", impact: "minor", components: ["database"] },
  });
  expect(created.ok()).toBe(true);
  const databaseState = async () =>
    (await (await page.request.get("/api/status")).json()).components.find((c: { id: string }) => c.id === "database")
      .state;
  await expect.poll(databaseState).toBe("degraded");

  await page.goto("/incidents");
  const card = page.getByRole("article", { name: title });
  await card.getByText("Edit or delete").click();
  const form = card.getByRole("form", { name: `Edit ${title}` });
  await form.getByLabel("Impact").selectOption("major");
  await form.getByRole("button", { name: "Save changes" }).click();
  await expect(form.getByText("Saved; the status page shows it now.")).toBeVisible();
  await expect.poll(databaseState).toBe("outage");

  await card.getByRole("button", { name: "Delete…" }).click();
  await card.getByRole("button", { name: "Yes, delete it" }).click();
  await expect(card.getByRole("alert")).toHaveCount(0);
  await expect(page.getByRole("article", { name: title })).toHaveCount(0);
  await expect.poll(databaseState).not.toBe("outage");
  const json = await (await page.request.get("/api/status")).json();
  expect(json.incidents.map((i: { title: string }) => i.title)).not.toContain(title);
});
