import { expect, test, type Page } from "@playwright/test";
import { withE2eDatabase } from "../dev/testing/e2e-mastodon";
import { FIXTURE_USERS } from "../dev/testing/fixture-users";
import { measurePhoneErgonomics, MIN_TARGET } from "./ergonomics";
import { expectSignedIn, signIn } from "./helpers";

/**
 * The triage queue and a report page, as a moderator uses them at a desk
 * (1280 px, keyboard) and on a phone (375 px, thumb). The instance carries
 * the triage reports of dev/fixtures/triage-reports.ts: a spam wave from one
 * server, a legal complaint, and a post with a content warning, sensitive
 * media and hostile HTML. The actions themselves are another spec's; here the
 * bulk bar's selection is tested, not the endpoint it calls.
 */
const { moderator } = FIXTURE_USERS;

async function fixtures() {
  return withE2eDatabase(async (db) => {
    const one = async (sql: string) => (await db.query(sql)).rows[0];
    const hostile = await one(
      "SELECT id::text AS id FROM reports WHERE comment LIKE 'Spreading election misinformation%' ORDER BY id LIMIT 1",
    );
    const wave = await one(
      `SELECT a.domain FROM reports r JOIN accounts a ON a.id = r.target_account_id
        WHERE r.comment = 'Same crypto giveaway link replied to everyone' LIMIT 1`,
    );
    const open = await one("SELECT count(*)::int AS n FROM reports WHERE action_taken_at IS NULL");
    const spam = await one("SELECT count(*)::int AS n FROM reports WHERE action_taken_at IS NULL AND category = 1000");
    return { hostileId: hostile.id as string, waveDomain: wave.domain as string, open: open.n, spam: spam.n };
  });
}

/** The queue's cards (each holds its first reported post, an article too). */
const cards = (page: Page) => page.locator("article[data-report-card]");

async function openQueue(page: Page) {
  await signIn(page, moderator.email, moderator.password);
  await expectSignedIn(page);
  await page.goto("/reports");
  await expect(page.getByRole("heading", { name: "Reports", level: 1 })).toBeVisible();
  await expect(cards(page).first()).toBeVisible();
}

test.describe("the queue at 1280 px", () => {
  test.use({ viewport: { width: 1280, height: 900 } });

  test("groups a server's spam wave into one item and counts each filter", async ({ page }) => {
    const f = await fixtures();
    await openQueue(page);
    await expect(page.getByText(new RegExp(`^${f.open} reports? in \\d+ items?`))).toBeVisible();
    const wave = cards(page).filter({ hasText: `Accounts on ${f.waveDomain}` });
    await expect(wave).toHaveCount(1);
    await expect(wave).toContainText("3 reports");
    await expect(wave).toContainText("3 accounts");
    // Legal and violation first: the first card is never spam.
    await expect(cards(page).first()).not.toContainText(/^Spam/);
    const category = page.getByLabel("Category");
    await expect(category.locator("option", { hasText: `Spam (${f.spam})` })).toHaveCount(1);
    await category.selectOption("spam");
    await expect(page.getByText(new RegExp(`^${f.spam} reports? in`))).toBeVisible();
    for (const card of await cards(page).all()) await expect(card).toContainText("Spam");
  });

  test("moves with j and k, shows the shortcuts with ?, and selects for the bulk bar", async ({ page }) => {
    await openQueue(page);
    await page.keyboard.press("j");
    await expect(cards(page).nth(0)).toBeFocused();
    await page.keyboard.press("j");
    await expect(cards(page).nth(1)).toBeFocused();
    await page.keyboard.press("k");
    await expect(cards(page).nth(0)).toBeFocused();
    await page.keyboard.press("?");
    const help = page.getByRole("dialog", { name: "Keyboard shortcuts" });
    await expect(help).toBeVisible();
    await expect(help).toContainText("resolve the report");
    await page.keyboard.press("Escape");
    await expect(help).toBeHidden();

    const bar = page.getByRole("region", { name: "Selected reports" });
    await expect(bar).toBeHidden();
    await cards(page).nth(0).getByRole("checkbox").check();
    await cards(page).nth(1).getByRole("checkbox").check();
    await expect(bar).toContainText(/\d+ reports selected/);
    for (const name of ["Assign to me", "Unassign", "Resolve"]) {
      await expect(bar.getByRole("button", { name, exact: true })).toBeEnabled();
    }
    await bar.getByRole("button", { name: "Clear" }).click();
    await expect(bar).toBeHidden();
    await page.getByRole("checkbox", { name: "Select all on this page" }).check();
    await expect(bar).toBeVisible();
  });

  test("o opens the focused report", async ({ page }) => {
    await openQueue(page);
    // Under load the first key can come before the queue's shortcuts are attached: press j until a card has focus.
    await expect(async () => {
      const focused = await cards(page)
        .first()
        .evaluate((card) => card === document.activeElement);
      if (!focused) await page.keyboard.press("j");
      await expect(cards(page).first()).toBeFocused({ timeout: 1_000 });
    }).toPass({ timeout: 15_000 });
    await page.keyboard.press("o");
    await expect(page).toHaveURL(/\/reports\/\d+$/, { timeout: 15_000 });
    await expect(page.getByRole("heading", { level: 1, name: /^Report \d+ on / })).toBeVisible();
  });
});

test.describe("the report page at 1280 px", () => {
  test.use({ viewport: { width: 1280, height: 900 } });

  test("shows the hostile post behind its warning, without its script, image or javascript link", async ({ page }) => {
    const f = await fixtures();
    const dialogs: string[] = [];
    page.on("dialog", (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await signIn(page, moderator.email, moderator.password);
    await expectSignedIn(page);
    await page.goto(`/reports/${f.hostileId}`);
    await expect(page.getByRole("heading", { level: 1, name: `Report ${f.hostileId} on` })).toBeVisible();
    const post = page.getByRole("article", { name: "Reported post" });
    await expect(post).toContainText("CW: Election fraud claims");
    await expect(post).not.toContainText("lying");
    await post.getByRole("button", { name: /^Show text/ }).click();
    await expect(post).toContainText("They are lying to you");
    await expect(post.locator("script, img, [onerror]")).toHaveCount(0);
    await expect(post.locator('a[href^="javascript"]')).toHaveCount(0);
    const link = post.getByRole("link", { name: "the truth" });
    await expect(link).toHaveAttribute("target", "_blank");
    await expect(link).toHaveAttribute("rel", "nofollow noopener noreferrer");

    // Sensitive media: a cover first, links to the originals once tapped.
    await expect(post.getByRole("list", { name: "Media" })).toHaveCount(0);
    await post.getByRole("button", { name: /Sensitive media \(2\)/ }).click();
    await expect(post.getByRole("link", { name: /^Image 1 of post/ })).toHaveAttribute("href", /^https:\/\/.+1\.jpg$/);
    await expect(post).toContainText("A doctored ballot photo");

    await expect(page.getByText("Rules cited:")).toBeVisible();
    await expect(page.getByRole("heading", { name: "Reported account" })).toBeVisible();
    await expect(page.getByRole("heading", { name: "History" })).toBeVisible();
    // The actions panel, and what it leaves to Mastodon's own page for this report.
    await expect(page.getByRole("heading", { name: "Actions", exact: true })).toBeVisible();
    for (const toMastodon of await page.getByRole("link", { name: "Open this report in Mastodon" }).all())
      await expect(toMastodon).toHaveAttribute("href", new RegExp(`/admin/reports/${f.hostileId}$`));
    expect(dialogs).toEqual([]);
  });

  test("a report that does not exist is a 404 page", async ({ page }) => {
    await signIn(page, moderator.email, moderator.password);
    await expectSignedIn(page);
    const response = await page.goto("/reports/987654321");
    expect(response?.status()).toBe(404);
  });
});

test.describe("on a phone (375 px)", () => {
  test.use({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });

  test("the queue's cards fit the width and their buttons fit a thumb", async ({ page }) => {
    await openQueue(page);
    const ergonomics = await measurePhoneErgonomics(page);
    expect(ergonomics.scrollWidth).toBeLessThanOrEqual(375);
    expect(ergonomics.smallTargets).toEqual([]);
    const first = cards(page).first();
    for (const button of await first.getByRole("button").all()) {
      const box = (await button.boundingBox())!;
      expect(box.height).toBeGreaterThanOrEqual(MIN_TARGET);
      expect(box.width).toBeGreaterThanOrEqual(MIN_TARGET);
    }
    await expect(first.getByRole("button", { name: /^Resolve/ })).toBeVisible();
  });

  test("the report page fits the width", async ({ page }) => {
    const f = await fixtures();
    await signIn(page, moderator.email, moderator.password);
    await expectSignedIn(page);
    await page.goto(`/reports/${f.hostileId}`);
    await expect(page.getByRole("heading", { level: 1, name: `Report ${f.hostileId} on` })).toBeVisible();
    await page.getByRole("button", { name: /^Show text/ }).click();
    const ergonomics = await measurePhoneErgonomics(page);
    expect(ergonomics.scrollWidth).toBeLessThanOrEqual(375);
    expect(ergonomics.smallTargets).toEqual([]);
  });
});
