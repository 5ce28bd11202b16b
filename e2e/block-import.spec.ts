import { expect, test, type Page } from "@playwright/test";
import { FIXTURE_USERS } from "../dev/testing/fixture-users";
import { expectSignedIn, signIn } from "./helpers";

const { admin } = FIXTURE_USERS;

/** Upload → preview → apply (by the inline worker, progress polled) → rollback with its plan, at 1280 and 375 px. */
async function importAndRollBack(page: Page, prefix: string) {
  await signIn(page, admin.email, admin.password);
  await expectSignedIn(page);
  await page.goto("/federation/imports");
  await expect(page.getByRole("heading", { name: "Import blocklist and batches", level: 1 })).toBeVisible();
  const csv = [
    "\uFEFF#domain,#severity,#reject_media,#reject_reports,#public_comment,#obfuscate",
    `${prefix}-a.example,silence,false,false,e2e,false`,
    `${prefix}-b.example,noop,true,false,,false`,
    "not a host,silence,false,false,,false",
  ].join("\r\n");
  await page
    .getByLabel("File")
    .setInputFiles({ name: `${prefix}.csv`, mimeType: "text/csv", buffer: Buffer.from(csv) });
  await page.getByRole("button", { name: "Preview" }).click();

  const state = page.getByLabel("Batch state");
  await expect(state).toContainText("previewed, not applied");
  await page.getByRole("button", { name: "Malformed (1)" }).click();
  const rows = page.getByRole("list", { name: "Batch rows" });
  await expect(rows).toContainText("Line 4");
  await expect(rows).toContainText("contains a space");
  await page.getByRole("button", { name: "New (2)" }).click();
  await expect(rows.getByRole("checkbox", { name: `Apply ${prefix}-a.example` })).toBeChecked();

  // Per-row choice: untick a row, then tick it again.
  const second = rows.getByRole("checkbox", { name: `Apply ${prefix}-b.example` });
  await second.uncheck();
  await expect(page.getByRole("button", { name: "Apply 1 chosen rows" })).toBeVisible();
  await second.check();
  await page.getByRole("button", { name: "Apply 2 chosen rows" }).click();
  await page.getByRole("button", { name: "Apply now" }).click();
  await expect(state).toContainText("applied", { timeout: 20_000 });
  await expect(state).toContainText("2 of 2 rows");
  await expect(rows).toContainText("create");

  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);

  await page.getByRole("button", { name: "Roll back…" }).click();
  const steps = page.getByRole("list", { name: "Rollback steps" });
  await expect(steps).toContainText(`${prefix}-b.example: Remove the block`);
  await page.getByRole("button", { name: "Roll back now" }).click();
  await expect(state).toContainText("rolled back", { timeout: 20_000 });

  await page.goto("/federation");
  await page.getByLabel("Search domains").fill(prefix);
  await expect(page.getByText("No block matches.")).toBeVisible();
}

test.describe("blocklist import at 1280 px", () => {
  test.use({ viewport: { width: 1280, height: 900 } });
  test("upload, preview, apply, roll back", async ({ page }) => {
    await importAndRollBack(page, "e2e-import-wide");
  });
});

test.describe("blocklist import at 375 px", () => {
  test.use({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });
  test("upload, preview, apply, roll back", async ({ page }) => {
    await importAndRollBack(page, "e2e-import-narrow");
  });
});
