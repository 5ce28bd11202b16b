import { expect, test } from "@playwright/test";
import { generateTotp } from "../lib/auth/totp";
import { FIXTURE_SIGN_INS } from "../dev/fixtures/generator";
import { E2E } from "../dev/testing/e2e-instance";
import { FIXTURE_USERS } from "../dev/testing/fixture-users";
import { testPool } from "../dev/testing/test-pool";
import { expectSignedIn, formError, signIn } from "./helpers";

const { owner, admin, moderator, totp, unconfirmed, rateLimited } = FIXTURE_USERS;

test("an admin signs in and sees the overview of the instance", async ({ page }) => {
  await signIn(page, admin.email, admin.password);
  await expectSignedIn(page);
  await expect(page.getByRole("heading", { name: "howdah.test" })).toBeVisible();
  await expect(page.getByText(/Mastodon 4\.6/)).toBeVisible();
  await expect(page.getByText("Users", { exact: true })).toBeVisible();
  await expect(page.getByRole("list", { name: "Service health" }).getByText("PostgreSQL")).toBeVisible();
  // The default Admin role has no view_devops: System is the Owner's.
  await expect(page.getByRole("link", { name: "System" })).toHaveCount(0);
});

test("the owner sees the System page", async ({ page }) => {
  await signIn(page, owner.email, owner.password);
  await expectSignedIn(page);
  await page.getByRole("link", { name: "System" }).first().click();
  await expect(page.getByRole("heading", { name: "System" })).toBeVisible();
  await expect(page.getByText("0001_foundation.sql")).toBeVisible();
});

test("a moderator signs in, and is refused an admin-only page and API", async ({ page }) => {
  await signIn(page, moderator.email, moderator.password);
  await expectSignedIn(page);
  await expect(page.getByRole("link", { name: "System" })).toHaveCount(0);
  const pageResponse = await page.goto("/system");
  expect(pageResponse?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "You may not see this page" })).toBeVisible();
  const api = await page.request.get("/api/system");
  expect(api.status()).toBe(403);
  expect((await api.json()).error.message).toMatch(/view_devops/);
  const allowed = await page.request.get("/api/overview");
  expect(allowed.status()).toBe(200);
});

test("a wrong password is refused with a clear message", async ({ page }) => {
  await signIn(page, admin.email, "not-the-password");
  await expect(formError(page)).toContainText("e-mail address or password is incorrect");
  await expect(page).toHaveURL(/\/sign-in/);
  expect((await page.request.get("/api/overview")).status()).toBe(401);
});

test("an account that is not confirmed is refused even with the right password", async ({ page }) => {
  await signIn(page, unconfirmed.email, unconfirmed.password);
  await expect(formError(page)).toContainText("not been confirmed");
});

test("a TOTP user must give a valid code", async ({ page }) => {
  await signIn(page, totp.email, totp.password);
  await expect(page.getByLabel("Two-factor code")).toBeVisible();
  await page.getByLabel("Two-factor code").fill("000000");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(formError(page)).toContainText("two-factor code is not valid");
  await page.getByLabel("Two-factor code").fill(generateTotp(totp.otpSecret!, Date.now()));
  await page.getByRole("button", { name: "Sign in" }).click();
  await expectSignedIn(page);
});

test("repeated wrong passwords lock the account from that address for a while, even for the right one", async ({
  page,
}) => {
  for (let i = 0; i < 5; i++) {
    await signIn(page, rateLimited.email, `wrong-${i}`);
    await expect(formError(page)).toContainText("incorrect");
  }
  await signIn(page, rateLimited.email, rateLimited.password);
  await expect(formError(page)).toContainText("Too many failed sign-ins");
});

test("limits and the audit log follow the address a trusted proxy forwards: a guesser locks out only itself", async ({
  browser,
}) => {
  // Howdah's server listens on loopback, a trusted proxy by default, so X-Forwarded-For names the client; as a
  // proxy does, each request carries what the client sent followed by the address the proxy saw.
  const guesser = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": "6.6.6.6, 198.51.100.66" } });
  const page = await guesser.newPage();
  for (let i = 0; i < 5; i++) {
    await signIn(page, admin.email, `wrong-${i}`);
    await expect(formError(page)).toContainText("incorrect");
  }
  await guesser.setExtraHTTPHeaders({ "x-forwarded-for": "7.7.7.7, 198.51.100.66" });
  await signIn(page, admin.email, admin.password);
  await expect(formError(page)).toContainText("Too many failed sign-ins");
  await guesser.close();

  // The account's owner, from another address, signs in; a forged stamp of Howdah's own header changes nothing.
  const owner = await browser.newContext({
    extraHTTPHeaders: { "x-forwarded-for": "198.51.100.77", "x-howdah-client-ip": "6.6.6.6" },
  });
  const ownerPage = await owner.newPage();
  await signIn(ownerPage, admin.email, admin.password);
  await expectSignedIn(ownerPage);
  await owner.close();
  const db = testPool(E2E.connectionString, 1);
  try {
    const { rows } = await db.query(
      `SELECT ip FROM howdah.audit_log WHERE action = 'sign_in' AND outcome = 'ok' AND actor_acct = $1
        ORDER BY id DESC LIMIT 1`,
      [FIXTURE_SIGN_INS.admin.username],
    );
    expect(rows).toEqual([{ ip: "198.51.100.77" }]);
  } finally {
    await db.end();
  }
});

test("a sign-in body over 8 KB is refused before it is read", async ({ request }) => {
  const response = await request.post("/api/auth/callback/credentials", {
    headers: { "content-type": "application/x-www-form-urlencoded" },
    data: `email=a%40b.c&password=${"x".repeat(9000)}`,
  });
  expect(response.status()).toBe(413);
  expect((await response.json()).error.message).toContain("8 KB");
});

test("signing out ends the session", async ({ page }) => {
  await signIn(page, admin.email, admin.password);
  await expectSignedIn(page);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await page.goto("/");
  await expect(page).toHaveURL(/\/sign-in/);
  expect((await page.request.get("/api/overview")).status()).toBe(401);
});

test("a tampered session cookie is treated as signed out", async ({ page, context }) => {
  await signIn(page, admin.email, admin.password);
  await expectSignedIn(page);
  const cookies = await context.cookies();
  const session = cookies.find((c) => c.name.endsWith("next-auth.session-token"))!;
  await context.addCookies([{ ...session, value: session.value.slice(0, -6) + "AAAAAA" }]);
  await page.goto("/");
  await expect(page).toHaveURL(/\/sign-in/);
  expect((await page.request.get("/api/overview")).status()).toBe(401);
});

test("a refused page is the shell's 403, naming the permission the page needs", async ({ page }) => {
  await signIn(page, admin.email, admin.password);
  await expectSignedIn(page);
  const response = await page.goto("/system");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "You may not see this page" })).toBeVisible();
  await expect(page.getByText("The System page needs the view_devops permission")).toBeVisible();
  // Inside the shell: the navigation is still there.
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Overview" })).toBeVisible();
  // Another role, another page: the message follows the page's rule.
  await page.context().clearCookies();
  await signIn(page, moderator.email, moderator.password);
  await expectSignedIn(page);
  expect((await page.goto("/incidents"))?.status()).toBe(403);
  await expect(page.getByText("The Incidents page needs the manage_announcements permission")).toBeVisible();
});

test("an unknown address is the shell's 404; an unknown API answers JSON", async ({ page }) => {
  await signIn(page, admin.email, admin.password);
  await expectSignedIn(page);
  const response = await page.goto("/no-such-page/at-all");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Overview" })).toBeVisible();
  const api = await page.request.get("/api/no-such-api");
  expect(api.status()).toBe(404);
  expect((await api.json()).error.code).toBe("not_found");
});

test("signed-out visitors of an unknown address are sent to sign in", async ({ page }) => {
  await page.goto("/no-such-page");
  await expect(page).toHaveURL(/\/sign-in/);
});

test("a crafted callbackUrl cannot send a signed-in admin to another host", async ({ page, baseURL }) => {
  await signIn(page, admin.email, admin.password);
  await expectSignedIn(page);
  for (const crafted of ["/%5Cevil.example/", "//evil.example/", "https://evil.example/"]) {
    await page.goto(`/sign-in?callbackUrl=${crafted}`);
    await expect(page).toHaveURL(`${baseURL}/`);
  }
  await page.goto("/sign-in?callbackUrl=/storage");
  await expect(page).toHaveURL(`${baseURL}/storage`);
});
