import { expect, type Page } from "@playwright/test";

export async function signIn(page: Page, email: string, password: string, otp?: string) {
  await page.goto("/sign-in");
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  if (otp !== undefined) {
    await page.getByLabel("Two-factor code").fill(otp);
    await page.getByRole("button", { name: "Sign in" }).click();
  }
}

export async function expectSignedIn(page: Page) {
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(page.getByText("Community")).toBeVisible();
}

/** The sign-in form's error (Next's route announcer is an alert too). */
export function formError(page: Page) {
  return page.locator("form").getByRole("alert");
}
