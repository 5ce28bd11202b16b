import { expect, test } from "@playwright/test";
import { FIXTURE_USERS } from "../dev/testing/fixture-users";
import { expectSignedIn, signIn } from "./helpers";

test("at 375 px the navigation folds into a menu that opens and works", async ({ page }) => {
  await signIn(page, FIXTURE_USERS.owner.email, FIXTURE_USERS.owner.password);
  await expectSignedIn(page);
  const menu = page.getByRole("button", { name: "Menu" });
  await expect(menu).toBeVisible();
  // Nothing overflows sideways at phone width.
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
  await menu.click();
  await page.locator("#mobile-nav").getByRole("link", { name: "System" }).click();
  await expect(page.getByRole("heading", { name: "System" })).toBeVisible();
});

test("at 375 px no page scrolls sideways, whatever its content", async ({ page }) => {
  await signIn(page, FIXTURE_USERS.owner.email, FIXTURE_USERS.owner.password);
  await expectSignedIn(page);
  // Run after the desktop specs, the audit log holds long inbox URLs and job ids by now.
  for (const path of ["/", "/queues", "/storage", "/relays", "/incidents", "/audit", "/system"]) {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    // Every element against the layout width (a phone zooms out to fit what sticks out, so
    // window.innerWidth grows with it). Wide tables inside their own sideways-scrolling box are fine.
    const outside = await page.evaluate(() => {
      const scrolls = (e: Element | null): boolean =>
        !!e && (["auto", "scroll", "hidden"].includes(getComputedStyle(e).overflowX) || scrolls(e.parentElement));
      return [...document.querySelectorAll("main *")]
        .filter(
          (e) =>
            e.getBoundingClientRect().right > document.documentElement.clientWidth + 1 && !scrolls(e.parentElement),
        )
        .map((e) => `${e.tagName}: ${(e.textContent ?? "").slice(0, 60)}`);
    });
    expect(outside, `${path} has content wider than the screen`).toEqual([]);
  }
});
