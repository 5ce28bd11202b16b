import { expect, test, type Page } from "@playwright/test";
import { FIXTURE_USERS } from "../dev/testing/fixture-users";
import { expectSignedIn, signIn } from "./helpers";

const { owner, moderator } = FIXTURE_USERS;

/** Presses Tab until focus leaves the page or `limit` presses, describing each stop. */
async function tabStops(page: Page, limit = 150) {
  const stops: { tag: string; name: string; inChart: boolean; radioGroup: string | null; outline: string }[] = [];
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press("Tab");
    const stop = await page.evaluate(() => {
      const e = document.activeElement;
      if (!e || e === document.body) return null;
      const style = getComputedStyle(e);
      return {
        tag: e.tagName.toLowerCase(),
        name: (e.getAttribute("aria-label") ?? e.textContent ?? "").trim().slice(0, 40),
        inChart: !!e.closest("[role=img], svg, .recharts-wrapper"),
        radioGroup: e.getAttribute("type") === "radio" ? (e.getAttribute("name") ?? "") : null,
        outline: `${style.outlineStyle} ${style.outlineWidth}`,
      };
    });
    if (!stop) break;
    if (stops.length && stops[0]!.name === stop.name && stops[0]!.tag === stop.tag) break; // wrapped around
    stops.push(stop);
  }
  return stops;
}

test("the first Tab stop skips to the content, past the navigation", async ({ page }) => {
  await signIn(page, owner.email, owner.password);
  await expectSignedIn(page);
  await page.goto("/queues");
  await expect(page.getByRole("heading", { name: "Queues", level: 1 })).toBeVisible();
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to content" });
  await expect(skip).toBeFocused();
  const box = (await skip.boundingBox())!;
  expect(box.width).toBeGreaterThan(44);
  expect(box.height).toBeGreaterThanOrEqual(44);
  await page.keyboard.press("Enter");
  await expect(page.locator("main")).toBeFocused();
  await page.keyboard.press("Tab");
  // The next stop is inside the content, not the sidebar's first link.
  expect(await page.evaluate(() => !!document.activeElement?.closest("main"))).toBe(true);
});

test("charts are not Tab stops, a radio group is one, and every stop shows a focus ring", async ({ page }) => {
  await signIn(page, owner.email, owner.password);
  await expectSignedIn(page);
  for (const path of ["/queues", "/storage", "/relays"]) {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await expect(page.locator("[role=img]").first()).toBeVisible({ timeout: 30_000 });
    const stops = await tabStops(page);
    expect(stops.length, `${path} has Tab stops`).toBeGreaterThan(5);
    expect(
      stops.filter((s) => s.inChart),
      `${path}: Tab stops inside a chart`,
    ).toEqual([]);
    const radioStops = stops.filter((s) => s.radioGroup !== null);
    expect(radioStops.length, `${path}: a range picker`).toBeGreaterThan(0);
    expect(new Set(radioStops.map((s) => s.radioGroup)).size, `${path}: one stop per radio group`).toBe(
      radioStops.length,
    );
    expect(
      stops.filter((s) => s.outline.startsWith("none") || s.outline.endsWith(" 0px")),
      `${path}: stops without a focus ring`,
    ).toEqual([]);
  }
  // Arrow keys move the choice within the group.
  await page.goto("/queues");
  const hour = page.getByRole("radio", { name: "1 h" });
  await hour.focus();
  await page.keyboard.press("ArrowRight");
  await expect(page.getByRole("radio", { name: "24 h" })).toBeChecked();
  await expect(page.getByRole("radio", { name: "24 h" })).toBeFocused();
});

test("each chart is one image with a summary of its figures for screen readers", async ({ page }) => {
  await signIn(page, owner.email, owner.password);
  await expectSignedIn(page);
  await page.goto("/queues");
  const chart = page.getByRole("img", { name: "Jobs waiting per queue over time" });
  await expect(chart).toBeVisible();
  await expect(chart).toHaveAccessibleDescription(
    /points?\. default: latest [\d,]+ jobs?, lowest [\d,]+ jobs?, highest [\d,]+ jobs?; push: /,
  );
});

test("the theme switch follows the system until told otherwise, and remembers", async ({ page }) => {
  await page.emulateMedia({ colorScheme: "light" });
  await signIn(page, owner.email, owner.password);
  await expectSignedIn(page);
  const canvas = () => page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
  const lightCanvas = await canvas();
  await page.emulateMedia({ colorScheme: "dark" });
  const darkCanvas = await canvas();
  expect(darkCanvas).not.toBe(lightCanvas);
  await expect(page.getByRole("radio", { name: "Auto" })).toBeChecked();

  // Chosen light on a dark system: light it stays, after a reload too, served so from the first byte.
  await page.getByRole("radio", { name: "Light" }).click();
  expect(await canvas()).toBe(lightCanvas);
  await page.reload();
  await expect(page.getByRole("radio", { name: "Light" })).toBeChecked();
  expect(await canvas()).toBe(lightCanvas);
  const html = await (await page.request.get("/queues")).text();
  expect(html).toMatch(/<html[^>]* data-theme="light"/);

  await page.getByRole("radio", { name: "Dark" }).click();
  await page.emulateMedia({ colorScheme: "light" });
  expect(await canvas()).toBe(darkCanvas);
  await page.goto("/storage");
  expect(await canvas()).toBe(darkCanvas);

  // Back to following the system.
  await page.getByRole("radio", { name: "Auto" }).click();
  expect(await canvas()).toBe(lightCanvas);
  await page.reload();
  expect(await canvas()).toBe(lightCanvas);
  expect(await (await page.request.get("/")).text()).not.toMatch(/<html[^>]* data-theme=/);
});

test("a page refused for lack of permission says which, inside the shell", async ({ page }) => {
  await signIn(page, moderator.email, moderator.password);
  await expectSignedIn(page);
  const response = await page.goto("/system");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "You may not see this page", level: 1 })).toBeVisible();
  await expect(page.getByText(/The System page needs the view_devops permission/)).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Skip to content" })).toBeAttached();
});

test("an unknown address is the shell's 404, with the navigation", async ({ page }) => {
  await signIn(page, owner.email, owner.password);
  await expectSignedIn(page);
  const response = await page.goto("/queues/no/such/page");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found", level: 1 })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Back to the overview" })).toBeVisible();
});

test.describe("at phone width", () => {
  test.use({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });

  test("the storage ranking comes first, within two screens, and the jump list leads to each section", async ({
    page,
  }) => {
    await signIn(page, owner.email, owner.password);
    await expectSignedIn(page);
    await page.goto("/storage");
    await expect(page.getByText("Counting the media already stored")).toHaveCount(0, { timeout: 30_000 });
    const ranking = page.getByRole("list", { name: "Remote servers by cached bytes" });
    await expect(ranking).toBeVisible();
    const top = await ranking.evaluate((e) => e.getBoundingClientRect().top + window.scrollY);
    expect(top).toBeLessThan(2 * 740);
    // The method is folded; its jump link opens it.
    const method = page.getByText(/as tootctl media usage counts them/);
    await expect(method).toBeHidden();
    await page
      .getByRole("navigation", { name: "On this page" })
      .getByRole("link", { name: "How it is counted" })
      .click();
    await expect(method).toBeVisible();
    await expect(method).toBeInViewport();
  });
});
