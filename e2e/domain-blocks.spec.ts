import { expect, test, type Page } from "@playwright/test";
import { FIXTURE_USERS } from "../dev/testing/fixture-users";
import { expectSignedIn, signIn } from "./helpers";

const { admin, moderator } = FIXTURE_USERS;
const DOMAIN = "e2e-spam.example";

async function openBlocks(page: Page) {
  await signIn(page, admin.email, admin.password);
  await expectSignedIn(page);
  await page.goto("/federation");
  await expect(page.getByRole("heading", { name: "Domain blocks", level: 1 })).toBeVisible();
}

const row = (page: Page) =>
  page.getByRole("list", { name: "Domain blocks" }).getByRole("listitem").filter({ hasText: DOMAIN });

test.describe.serial("domain blocks at 1280 px", () => {
  test.use({ viewport: { width: 1280, height: 900 } });

  test("an admin creates a suspension: a pasted URL is refused, the impact is shown, then confirmed", async ({
    page,
  }) => {
    await openBlocks(page);
    await page.getByRole("button", { name: "New block" }).click();
    const form = page.getByRole("form", { name: "New domain block" });
    await form.getByRole("textbox", { name: "Domain", exact: true }).fill("https://E2E-Spam.example/about");
    await form.getByRole("button", { name: "Check the impact" }).click();
    await expect(form.getByRole("alert")).toContainText(`Enter ${DOMAIN} instead`);

    await form.getByRole("textbox", { name: "Domain", exact: true }).fill(`E2E-Spam.example`);
    await form.getByRole("radio", { name: /Suspend/ }).check();
    await form.getByLabel("Private comment (staff only)").fill("spam wave");
    await form.getByRole("button", { name: "Check the impact" }).click();
    const impact = form.getByRole("region", { name: "Impact" });
    await expect(impact).toContainText(`What this block does to ${DOMAIN}`);
    await expect(impact).toContainText("Accounts on the domain and its sub-domains");
    await expect(impact).toContainText("Cached media that will be purged");
    await expect(impact).toContainText("Sidekiq work for it");

    const suspend = form.getByRole("button", { name: `Suspend ${DOMAIN}` });
    await expect(suspend).toBeDisabled();
    await form.getByRole("checkbox", { name: /I understand that suspending/ }).check();
    await suspend.click();
    await expect(page.getByText(`${DOMAIN} is now blocked (suspend)`)).toBeVisible();
    await expect(row(page)).toContainText("Suspend");
    await expect(row(page)).toContainText("Private: spam wave");
  });

  test("an admin edits the block after seeing its impact", async ({ page }) => {
    await openBlocks(page);
    await page.getByLabel("Search domains").fill("e2e-spam");
    await row(page)
      .getByRole("button", { name: `Edit the block on ${DOMAIN}` })
      .click();
    const form = page.getByRole("form", { name: `Edit the block on ${DOMAIN}` });
    await form.getByRole("radio", { name: /Limit/ }).check();
    await form.getByRole("checkbox", { name: /Reject media files/ }).check();
    await form.getByRole("button", { name: "Check the impact" }).click();
    await expect(form.getByRole("region", { name: "Impact" })).toContainText("What this block does");
    // Changing a setting after the check asks for a new one before saving.
    await form.getByRole("checkbox", { name: /Reject reports/ }).check();
    await expect(form.getByText("The settings changed since the impact was checked")).toBeVisible();
    await expect(form.getByRole("button", { name: "Save the block" })).toHaveCount(0);
    await form.getByRole("button", { name: "Check the impact", exact: true }).click();
    await form.getByRole("button", { name: "Save the block" }).click();
    await expect(page.getByText(`The block on ${DOMAIN} was saved (silence)`)).toBeVisible();
    await expect(row(page)).toContainText("rejects media");
    await expect(row(page)).toContainText("rejects reports");
  });

  test("an admin removes the block after seeing what does not come back", async ({ page }) => {
    await openBlocks(page);
    await page.getByLabel("Search domains").fill("e2e-spam");
    await row(page)
      .getByRole("button", { name: `Remove the block on ${DOMAIN}` })
      .click();
    await expect(row(page).getByRole("region", { name: "Impact" })).toContainText("What removing the block does");
    await row(page)
      .getByRole("button", { name: `Remove the block on ${DOMAIN}`, exact: true })
      .last()
      .click();
    await expect(page.getByText(`The block on ${DOMAIN} was removed`)).toBeVisible();
    await expect(row(page)).toHaveCount(0);
  });

  test("the export is Mastodon's CSV", async ({ page }) => {
    await openBlocks(page);
    const response = await page.request.get("/api/federation/blocks/export?private=0");
    expect(response.headers()["content-type"]).toContain("text/csv");
    expect((await response.text()).split("\n")[0]).toBe(
      "#domain,#severity,#reject_media,#reject_reports,#public_comment,#obfuscate",
    );
  });

  test("a moderator has no Domain blocks page: it needs manage_federation", async ({ page }) => {
    await signIn(page, moderator.email, moderator.password);
    await expectSignedIn(page);
    await expect(page.getByRole("link", { name: "Domain blocks" })).toHaveCount(0);
    expect((await page.goto("/federation"))?.status()).toBe(403);
    const post = await page.request.post("/api/federation/blocks", {
      data: { domain: "x.example", severity: "noop", rejectMedia: false, rejectReports: false, obfuscate: false },
    });
    expect(post.status()).toBe(403);
  });
});

test.describe("domain blocks at 375 px", () => {
  test.use({ viewport: { width: 375, height: 740 }, hasTouch: true, isMobile: true });

  test("the page and its form fit the phone: no sideways scroll, 44 px targets, 14 px text", async ({ page }) => {
    await openBlocks(page);
    await page.getByRole("button", { name: "New block" }).click();
    const form = page.getByRole("form", { name: "New domain block" });
    await form.getByRole("textbox", { name: "Domain", exact: true }).fill("phone-check.example");
    await form.getByRole("radio", { name: /Suspend/ }).check();
    await form.getByRole("button", { name: "Check the impact" }).click();
    await expect(form.getByRole("region", { name: "Impact" })).toBeVisible();
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
