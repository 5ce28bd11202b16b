import { expect, test, type Page } from "@playwright/test";
import { FIXTURE_USERS } from "../dev/testing/fixture-users";
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
    await group(page, "Content cache retention period")
      .getByRole("textbox", { name: "Content cache retention period in days" })
      .fill("4");
    await expect(form(page).getByText("The values changed since this preview")).toBeVisible();
  });

  test("the owner runs the cleanup now after confirming", async ({ page }) => {
    await openRetention(page);
    const run = page.getByRole("button", { name: "Run the cleanup now" });
    await expect(run).toBeDisabled();
    await page.getByRole("checkbox", { name: /Run the whole cleanup now/ }).check();
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
  await expect(page.getByRole("link", { name: "Retention" })).toHaveCount(0);
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
    const problems = await page.evaluate(() => {
      const main = document.querySelector("main")!;
      const width = document.documentElement.clientWidth;
      const out: string[] = [];
      for (const e of main.querySelectorAll<HTMLElement>("*")) {
        const box = e.getBoundingClientRect();
        if (box.width === 0 || box.height === 0) continue;
        if (box.right > width + 1) out.push(`wider than the screen: ${e.tagName} ${e.textContent?.slice(0, 40)}`);
        const tappable =
          e.matches("button, a, select, textarea, input:not([type=radio]):not([type=checkbox]), summary") ||
          (e.matches("label") && !!e.querySelector("input[type=radio], input[type=checkbox]"));
        if (tappable && box.height < 44)
          out.push(`tap target ${box.height}px: ${e.tagName} ${e.textContent?.slice(0, 40)}`);
        const ownText = [...e.childNodes].some((n) => n.nodeType === 3 && n.textContent!.trim() !== "");
        const size = parseFloat(getComputedStyle(e).fontSize);
        if (ownText && size < 14) out.push(`text ${size}px: ${e.tagName} ${e.textContent?.slice(0, 40)}`);
      }
      return out;
    });
    expect(problems).toEqual([]);
  });
});
