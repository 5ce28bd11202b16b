import { expect, test } from "@playwright/test";
import { E2E } from "../dev/testing/e2e-instance";
import { FIXTURE_USERS } from "../dev/testing/fixture-users";
import { expectSignedIn, signIn } from "./helpers";

// The server runs with HOWDAH_URL only (no NEXTAUTH_URL: dev/testing/e2e-instance.ts).
const HOWDAH_URL = `http://127.0.0.1:${E2E.port}`;

test("signing out lands on HOWDAH_URL's sign-in page, not next-auth's localhost default", async ({ page }) => {
  await signIn(page, FIXTURE_USERS.admin.email, FIXTURE_USERS.admin.password);
  await expectSignedIn(page);
  await page.getByRole("button", { name: "Sign out" }).first().click();
  await expect(page).toHaveURL(`${HOWDAH_URL}/sign-in`);
  await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
});

test("a signed-out visit is sent to the sign-in page on the address it came to, whatever Host is named", async ({
  request,
}) => {
  // As behind a reverse proxy that does not pass the public Host on: the redirect is relative, so the
  // browser stays on the address it opened.
  const response = await request.get("/queues?x=1", { headers: { host: "localhost:3000" }, maxRedirects: 0 });
  expect(response.status()).toBe(307);
  expect(response.headers().location).toBe(`/sign-in?callbackUrl=${encodeURIComponent("/queues?x=1")}`);
});
