import { expect, test, type Page } from "@playwright/test";
import { FIXTURE_USERS } from "../dev/testing/fixture-users";
import { linksSharingANameButNotATarget, measurePhoneErgonomics } from "./ergonomics";
import { expectSignedIn, signIn } from "./helpers";

const { owner, admin, moderator } = FIXTURE_USERS;

async function openRetention(page: Page) {
  await signIn(page, owner.email, owner.password);
  await expectSignedIn(page);
  await page.goto("/retention");
  await expect(page.getByRole("heading", { name: "Retention", level: 1 })).toBeVisible();
}

const form = (page: Page) => page.getByRole("form", { name: "Retention settings" });
const group = (page: Page, legend: string) => form(page).getByRole("group", { name: legend });

test.describe.serial("retention at 1280 px", () => {
  test.use({ viewport: { width: 1280, height: 900 } });

  test("a leading zero is refused before saving; 7 days saves with Mastodon's under-14-days warning", async ({
    page,
  }) => {
    await openRetention(page);
    const media = group(page, "Media cache retention period");
    const field = media.getByRole("textbox", { name: "Media cache retention period in days" });
    const save = form(page).getByRole("button", { name: "Save retention settings" });
    await field.fill("010");
    await expect(media.getByRole("alert")).toContainText("octal");
    await expect(save).toBeDisabled();
    await field.fill("seven");
    await expect(media.getByRole("alert")).toContainText("not a whole number of days");
    await field.fill("7");
    await expect(media.getByText(/Below 14 days/)).toBeVisible();
    await save.click();
    await expect(form(page).getByText(/Saved the media cache retention period/)).toBeVisible();
    await page.reload();
    await expect(group(page, "Media cache retention period")).toContainText("after 7 days");
  });

  test("user archives: disabled explicitly, then back to Mastodon's 7-day default", async ({ page }) => {
    await openRetention(page);
    const archives = group(page, "User archive retention period");
    await archives.getByRole("radio", { name: "Disabled" }).check();
    await form(page).getByRole("button", { name: "Save retention settings" }).click();
    await expect(form(page).getByText(/Saved the user archive retention period/)).toBeVisible();
    await expect(archives).toContainText("Disabled (stored value blank");
    await archives.getByRole("radio", { name: /Mastodon's default \(7 days\)/ }).check();
    await form(page).getByRole("button", { name: "Save retention settings" }).click();
    await expect(archives).toContainText("Not set, so Mastodon's default applies");
    await expect(archives).toContainText("after 7 days");
  });

  test("the what-if shows what the next cleanup removes at proposed values, beside now", async ({ page }) => {
    await openRetention(page);
    await group(page, "Content cache retention period")
      .getByRole("textbox", { name: "Content cache retention period in days" })
      .fill("3");
    await form(page).getByRole("button", { name: "Preview what the next cleanup removes" }).click();
    const panel = form(page).getByRole("region", { name: "What the next cleanup removes" });
    const posts = panel.getByRole("row", { name: /^Remote posts deleted/ });
    await expect(posts.getByRole("cell").first()).toHaveText(/^[1-9][\d,]*$/);
    await expect(posts.getByRole("cell").last()).toHaveText("off");
    await expect(panel.getByRole("row", { name: /Local users' boosts deleted with them/ })).toBeVisible();
    // Where the figures come from: all counted now, or the worker's rollup (with when) plus the rest counted now.
    await expect(panel.getByText(/counted just now/)).toBeVisible();
    await group(page, "Content cache retention period")
      .getByRole("textbox", { name: "Content cache retention period in days" })
      .fill("4");
    await expect(form(page).getByText("The values changed since this preview")).toBeVisible();
  });

  test("each what-if figure opens a sample of what it counts", async ({ page }) => {
    await openRetention(page);
    await group(page, "Content cache retention period")
      .getByRole("textbox", { name: "Content cache retention period in days" })
      .fill("3");
    await form(page).getByRole("button", { name: "Preview what the next cleanup removes" }).click();
    const panel = form(page).getByRole("region", { name: "What the next cleanup removes" });
    await panel.getByRole("link", { name: /sample of boosted by local users at 3 days/ }).click();
    await expect(page).toHaveURL(/\/retention\/sample\?figure=statuses_boosted&days=3/);
    await expect(page.getByRole("heading", { name: "Remote posts local users boosted", level: 1 })).toBeVisible();
    await expect(page.getByRole("list", { name: "Sample" }).getByRole("listitem").first()).toBeVisible();
    await page.goto("/retention/sample?figure=statuses&days=010");
    await expect(page.getByText(/octal/)).toBeVisible();
  });

  test("recommends a media cache period for a capacity, with its curve", async ({ page }) => {
    await openRetention(page);
    const card = page.getByRole("form", { name: "Recommended media cache period" });
    await card.getByRole("textbox", { name: "Capacity of the disk or bucket" }).fill("2 TB");
    await card.getByRole("textbox", { name: "Stay under (% full)" }).fill("80");
    await card.getByRole("button", { name: "Recommend a period" }).click();
    await expect(card.getByText(/keeps the disk under 80% for the next 365 days/)).toBeVisible();
    await expect(card.getByRole("img", { name: "Days of cache against the bytes the cache holds" })).toBeVisible();
    await expect(card.getByRole("row", { name: /^30 days/ })).toBeVisible();
    await page.screenshot({ path: "/tmp/ret/retention-1280.png", fullPage: true });
    await card.getByRole("textbox", { name: "Capacity of the disk or bucket" }).fill("lots");
    await card.getByRole("button", { name: "Recommend a period" }).click();
    await expect(card.getByText(/Give a size/)).toBeVisible();
  });

  test("the owner runs the cleanup now after confirming", async ({ page }) => {
    await openRetention(page);
    const run = page.getByRole("button", { name: "Run the cleanup now" });
    await expect(run).toBeDisabled();
    await page.getByRole("checkbox", { name: /Run the whole cleanup now/ }).check();
    const removes = page.getByRole("region", { name: "What this run removes" });
    await expect(removes).toContainText(/orphaned media files/);
    await expect(page.getByRole("heading", { name: "Cleared per day" })).toBeVisible();
    await run.click();
    await expect(page.getByText(/Scheduler::VacuumScheduler is queued on “scheduler”/)).toBeVisible();
  });
});

test("Mastodon's default Admin role sets retention but cannot run the cleanup; a moderator cannot open it", async ({
  page,
}) => {
  await signIn(page, admin.email, admin.password);
  await expectSignedIn(page);
  await page.goto("/retention");
  await expect(form(page).getByRole("button", { name: "Save retention settings" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Cleared per day" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Run the cleanup now" })).toHaveCount(0);
  await page.context().clearCookies();
  await signIn(page, moderator.email, moderator.password);
  await expectSignedIn(page);
  await expect(page.getByRole("link", { name: "Retention", exact: true })).toHaveCount(0);
  await expect(page.getByRole("link", { name: /Retention page/ })).toHaveCount(0);
  await page.goto("/retention");
  await expect(page.getByText(/manage_settings/)).toBeVisible();
});

test.describe("retention at 375 px", () => {
  test.use({ viewport: { width: 375, height: 740 }, hasTouch: true, isMobile: true });

  test("the page fits the phone: no sideways scroll, 44 px targets, 14 px text", async ({ page }) => {
    await openRetention(page);
    await group(page, "Media cache retention period")
      .getByRole("textbox", { name: "Media cache retention period in days" })
      .fill("010");
    await expect(group(page, "Media cache retention period").getByRole("alert")).toBeVisible();
    await group(page, "Media cache retention period")
      .getByRole("textbox", { name: "Media cache retention period in days" })
      .fill("30");
    await form(page).getByRole("button", { name: "Preview what the next cleanup removes" }).click();
    await expect(form(page).getByRole("region", { name: "What the next cleanup removes" })).toBeVisible();
    await page.getByRole("checkbox", { name: /Run the whole cleanup now/ }).check();
    await expect(page.getByRole("region", { name: "What this run removes" })).toBeVisible();
    const card = page.getByRole("form", { name: "Recommended media cache period" });
    await card.getByRole("textbox", { name: "Capacity of the disk or bucket" }).fill("2 TB");
    await card.getByRole("button", { name: "Recommend a period" }).click();
    await expect(page.getByRole("img", { name: "Days of cache against the bytes the cache holds" })).toBeVisible();
    await page.screenshot({ path: "/tmp/ret/retention-375.png", fullPage: true });
    // The shared checks (e2e/ergonomics.ts): hit areas by hit-testing, 16 px in fields, the whole page's width.
    const found = await measurePhoneErgonomics(page);
    expect(found.scrollWidth).toBeLessThanOrEqual(375);
    expect(found.smallTargets).toEqual([]);
    expect(found.smallText).toEqual([]);
    expect(await linksSharingANameButNotATarget(page)).toEqual([]);
  });
});
