import { expect, test, type Page } from "@playwright/test";
import { FIXTURE_USERS } from "../dev/testing/fixture-users";
import { measurePhoneErgonomics } from "./ergonomics";
import { expectSignedIn, signIn } from "./helpers";

/**
 * The dossier of one remote server: reached from the storage ranking and the
 * blocks list, the old storage URL redirecting to it, its sections, and the
 * block form filled in with its domain; at 1280 and 375 px. A moderator
 * (no manage_federation) sees the figures but neither the block form nor
 * the block history.
 */
const { owner, moderator } = FIXTURE_USERS;

async function openFromStorage(page: Page): Promise<string> {
  await page.goto("/storage");
  const first = page.getByRole("link", { name: /\.example$/ }).first();
  const name = (await first.textContent())!.replace(/^\d+\.\s*/, "").trim();
  await first.click();
  await expect(page).toHaveURL(new RegExp(`/federation/domains/${name.replace(/\./g, "\\.")}$`));
  await expect(page.getByRole("heading", { name, level: 1 })).toBeVisible();
  return name;
}

for (const width of [1280, 375] as const) {
  test.describe(`the dossier at ${width} px`, () => {
    test.use({ viewport: { width, height: 900 } });

    test("an admin reaches it from the storage ranking and sees every section and the block form", async ({ page }) => {
      await signIn(page, owner.email, owner.password);
      await expectSignedIn(page);
      const domain = await openFromStorage(page);
      for (const title of ["What we know of it", "Storage", "In our queues", "Reports involving it", "Block"])
        await expect(page.getByRole("heading", { name: title, exact: true })).toBeVisible();
      await expect(page.getByRole("heading", { name: "Block history" })).toBeVisible();
      await expect(page.getByText("statuses stored here")).toBeVisible();
      await page.getByRole("button", { name: `Block ${domain}` }).click();
      const form = page.getByRole("form", { name: "New domain block" });
      await expect(form.getByRole("textbox", { name: "Domain", exact: true })).toHaveValue(domain);
      await form.getByRole("button", { name: "Check the impact" }).click();
      await expect(form.getByRole("region", { name: "Impact" })).toContainText(`What this block does to ${domain}`);
      if (width === 375) {
        const phone = await measurePhoneErgonomics(page);
        expect(phone.scrollWidth).toBeLessThanOrEqual(375);
      }

      // The old storage address of the server now opens its dossier.
      await page.goto(`/storage/domains/${domain}`);
      await expect(page).toHaveURL(new RegExp(`/federation/domains/${domain.replace(/\./g, "\\.")}$`));
      await page.goto("/storage/domains/nowhere.example");
      await expect(page.getByRole("alert").filter({ hasText: "knows no server called nowhere.example" })).toBeVisible();
    });

    test("a moderator sees the figures, not the block form or history", async ({ page }) => {
      await signIn(page, moderator.email, moderator.password);
      await expectSignedIn(page);
      await openFromStorage(page);
      await expect(page.getByRole("heading", { name: "In our queues" })).toBeVisible();
      await expect(page.getByRole("heading", { name: "Block history" })).toHaveCount(0);
      await expect(page.getByRole("button", { name: /^Block / })).toHaveCount(0);
    });
  });
}
