import { expect, test, type Page } from "@playwright/test";
import { E2E, E2E_METRICS_TOKEN } from "../dev/testing/e2e-instance";
import { FIXTURE_USERS } from "../dev/testing/fixture-users";
import { expectSignedIn, signIn } from "./helpers";

const { admin, moderator } = FIXTURE_USERS;

/** The inline worker publishes the first snapshot within a round (30 s) of start. */
async function waitForReadings(page: Page) {
  await expect
    .poll(async () => (await (await page.request.get("/api/status")).json()).updated_at, {
      timeout: 60_000,
      intervals: [1_000],
    })
    .not.toBeNull();
}

test("members read the status page without signing in, on a phone, with one script file of its own", async ({
  page,
}) => {
  test.setTimeout(90_000);
  await waitForReadings(page);
  await page.setViewportSize({ width: 375, height: 740 });
  const response = await page.goto("/status");
  expect(response?.status()).toBe(200);
  await expect(page).toHaveURL(/\/status$/);
  await expect(page.getByRole("heading", { level: 1, name: "Server status" })).toBeVisible();
  await expect(page.getByText(/^Updated (just now|\d+ (seconds|minutes?) ago)/)).toBeVisible();
  const components = page.getByRole("heading", { level: 2, name: "Components" }).locator("..");
  for (const name of [
    "Website and apps",
    "Live updates",
    "Federation",
    "Background jobs",
    "E-mail",
    "Media storage",
    "Database",
    "Redis",
  ]) {
    await expect(components.getByRole("heading", { level: 3, name })).toBeVisible();
  }
  // States are words, not only colours.
  await expect(components.getByText(/(Operational|Degraded|Outage|Not measured)$/).first()).toBeVisible();
  await expect(page.getByRole("img", { name: /^Database: / })).toBeVisible();
  // One script, the page's own file; no meta refresh.
  expect(await page.evaluate(() => document.scripts.length)).toBe(1);
  expect(await page.locator('meta[http-equiv="refresh" i]').count()).toBe(0);
  expect(
    await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth),
  ).toBeLessThanOrEqual(0);
  // Its own links are built from HOWDAH_URL (here http://127.0.0.1:port); no other address may appear.
  const html = (await page.content()).replaceAll(`http://127.0.0.1:${E2E.port}/`, "/");
  expect(html).toContain(`href="/status/feed.xml"`);
  expect(html).not.toMatch(/127\.0\.0\.1|howdah_e2e|redis:\/\/|postgres/);
});

test("/api/status is JSON for machines, and the incident feed is valid Atom", async ({ page, request }) => {
  test.setTimeout(90_000);
  await waitForReadings(page);
  const json = await (await request.get("/api/status")).json();
  expect(Object.keys(json)).toEqual(["status", "updated_at", "age_seconds", "stale", "components", "incidents"]);
  expect(json.stale).toBe(false);
  expect(json.age_seconds).toBeLessThan(90);
  expect(json.components).toHaveLength(8);
  for (const c of json.components)
    expect(Object.keys(c)).toEqual(["id", "name", "state", "message", "since", "measured_state", "reason"]);

  const feed = await request.get("/status/feed.xml");
  expect(feed.headers()["content-type"]).toContain("application/atom+xml");
  await page.goto("/status");
  const parsed = await page.evaluate(
    (xml) => {
      const doc = new DOMParser().parseFromString(xml, "application/xml");
      const root = doc.documentElement;
      return {
        error: doc.getElementsByTagName("parsererror").length,
        name: root.localName,
        ns: root.namespaceURI,
        id: root.querySelector(":scope > id")?.textContent ?? null,
      };
    },
    await feed.text(),
  );
  expect(parsed).toMatchObject({ error: 0, name: "feed", ns: "http://www.w3.org/2005/Atom" });
  expect(parsed.id).toMatch(/^tag:howdah\.test,/);
});

test("an admin opens an incident, members see it, and a resolved one takes no more updates", async ({ page }) => {
  test.setTimeout(90_000);
  const title = `Posts from other servers arrive late ${Date.now()}`;
  await signIn(page, admin.email, admin.password);
  await expectSignedIn(page);
  await page.getByRole("link", { name: "Incidents" }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: "Incidents" })).toBeVisible();

  const before = (await (await page.request.get("/api/incidents")).json()).incidents.length;
  await page.getByRole("button", { name: "New incident or maintenance" }).click();
  const form = page.getByRole("form", { name: "New incident" });
  await form.getByLabel("Message to members").fill("Something is wrong.");
  await form.getByRole("button", { name: "Publish on the status page" }).click();
  await expect(form.getByRole("alert")).toHaveText("title: write one line members will read.");
  expect((await (await page.request.get("/api/incidents")).json()).incidents.length).toBe(before);

  await form.getByLabel("Title").fill(title);
  await form.getByLabel("Message to members").fill("A backlog of incoming posts is being worked through.");
  await form.getByLabel("Federation").check();
  await form.getByRole("button", { name: "Publish on the status page" }).click();
  const card = page.getByRole("article", { name: title });
  await expect(card).toBeVisible();

  await page.goto("/status");
  await expect(page.getByRole("heading", { level: 3, name: title })).toBeVisible();
  await expect(page.getByText("A backlog of incoming posts is being worked through.")).toBeVisible();

  await page.goto("/incidents");
  await card.getByLabel("New status").selectOption("resolved");
  await card.getByLabel("Update for members").fill("All caught up.");
  await card.getByRole("button", { name: "Post update" }).click();
  await expect(card.getByText("Closed: it takes no more updates.")).toBeVisible();
  const id = (await (await page.request.get("/api/incidents")).json()).incidents.find(
    (i: { title: string }) => i.title === title,
  ).id;
  const refused = await page.request.post(`/api/incidents/${id}`, { data: { status: "monitoring", body: "Again?" } });
  expect(refused.status()).toBe(409);
  expect((await refused.json()).error.message).toBe(
    "This incident is resolved and takes no more updates; open a new one if the problem is back.",
  );

  const feed = await (await page.request.get("/status/feed.xml")).text();
  expect(feed).toContain(`Resolved: ${title}`);
});

test("a moderator may not write incidents", async ({ page }) => {
  await signIn(page, moderator.email, moderator.password);
  await expectSignedIn(page);
  await expect(page.getByRole("link", { name: "Incidents" })).toHaveCount(0);
  expect((await page.goto("/incidents"))?.status()).toBe(403);
  const api = await page.request.post("/api/incidents", { data: { kind: "incident", title: "x", body: "y" } });
  expect(api.status()).toBe(403);
  expect((await api.json()).error.message).toMatch(/manage_announcements/);
});

test("/metrics gathers the status components", async ({ page, request }) => {
  test.setTimeout(90_000);
  await waitForReadings(page);
  const body = await (
    await request.get("/metrics", { headers: { authorization: `Bearer ${E2E_METRICS_TOKEN}` } })
  ).text();
  expect(body).toMatch(/^# TYPE mastodon_component_up gauge$/m);
  expect(body).toMatch(/^mastodon_component_up\{component="database"\} 1$/m);
  expect(body).toMatch(/^howdah_collector_up\{collector="status"\} 1$/m);
});
