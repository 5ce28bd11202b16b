import bcrypt from "bcryptjs";
import { decode } from "next-auth/jwt";
import { expect, test, type BrowserContext, type Page } from "@playwright/test";
import { E2E } from "../dev/testing/e2e-instance";
import { changeUser, createRole, startExtraHowdah, withE2eDatabase } from "../dev/testing/e2e-mastodon";
import { FIXTURE_USERS } from "../dev/testing/fixture-users";
import { TEST_SECRET } from "../dev/testing/test-env";
import { PERMISSION_BITS } from "../lib/auth/permissions";
import { expectSignedIn, signIn } from "./helpers";

/**
 * Sessions end on the server: a copied cookie dies with the sign-out, a
 * change in Mastodon (password, login, role) ends the session for good (on
 * the first request after the server's one-second check interval), the
 * lifetime is absolute however often the cookie is refreshed, and the session
 * JWT is only ever a cookie, never a bearer token.
 */
const { admin, moderator, owner } = FIXTURE_USERS;
const COOKIE = "next-auth.session-token";

async function sessionCookie(context: BrowserContext) {
  const cookie = (await context.cookies()).find((c) => c.name === COOKIE);
  if (!cookie) throw new Error("no session cookie");
  return cookie;
}

const overviewStatus = async (page: Page) => (await page.request.get("/api/overview")).status();

test("a cookie copied before sign-out is refused after it, in every browser that holds it", async ({
  page,
  browser,
}) => {
  await signIn(page, admin.email, admin.password);
  await expectSignedIn(page);
  const copy = await browser.newContext({ baseURL: page.url() });
  try {
    await copy.addCookies([await sessionCookie(page.context())]);
    const thief = await copy.newPage();
    expect(await overviewStatus(thief)).toBe(200);

    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/sign-in/);

    expect(await overviewStatus(thief)).toBe(401);
    await thief.goto("/");
    await expect(thief).toHaveURL(/\/sign-in/);
  } finally {
    await copy.close();
  }
  const audit = await withE2eDatabase((db) =>
    db.query("SELECT actor_acct, details FROM howdah.audit_log WHERE action = 'sign_out' ORDER BY id DESC LIMIT 1"),
  );
  expect(audit.rows[0]).toEqual({ actor_acct: "admin", details: { reason: "signed_out" } });
});

test("a password change in Mastodon ends the session, for good", async ({ page }) => {
  await signIn(page, moderator.email, moderator.password);
  await expectSignedIn(page);
  expect(await overviewStatus(page)).toBe(200);
  // What Mastodon writes when the password is changed: a new bcrypt hash.
  const restore = await changeUser(moderator.email, "encrypted_password", bcrypt.hashSync("a-new-password-1", 4));
  try {
    // Seen on the first request after the server's per-session check interval (lib/auth/sessions.ts).
    await expect.poll(() => overviewStatus(page)).toBe(401);
    await page.goto("/");
    await expect(page).toHaveURL(/\/sign-in/);
  } finally {
    await restore();
  }
  // The old password back (a reset to it) does not revive the session either.
  expect(await overviewStatus(page)).toBe(401);
});

test("a disabled login ends the session: enabling it again does not bring the session back", async ({ page }) => {
  await signIn(page, moderator.email, moderator.password);
  await expectSignedIn(page);
  const restore = await changeUser(moderator.email, "disabled", true);
  try {
    // Seen on the first request after the server's per-session check interval (lib/auth/sessions.ts).
    await expect.poll(() => overviewStatus(page)).toBe(401);
  } finally {
    await restore();
  }
  expect(await overviewStatus(page)).toBe(401);
  await signIn(page, moderator.email, moderator.password);
  await expectSignedIn(page);
});

test("a role change in Mastodon ends the session, even to another staff role", async ({ page }) => {
  await signIn(page, admin.email, admin.password);
  await expectSignedIn(page);
  expect(await overviewStatus(page)).toBe(200);
  const moderatorRole = await withE2eDatabase(async (db) => {
    const { rows } = await db.query("SELECT role_id::text FROM users WHERE email = $1", [moderator.email]);
    return rows[0].role_id as string;
  });
  const restore = await changeUser(admin.email, "role_id", moderatorRole);
  try {
    // Seen on the first request after the server's per-session check interval (lib/auth/sessions.ts).
    await expect.poll(() => overviewStatus(page)).toBe(401);
  } finally {
    await restore();
  }
  expect(await overviewStatus(page)).toBe(401);
});

test("the session JWT sent as a bearer token, without the cookie, is not a session", async ({
  page,
  playwright,
  baseURL,
}) => {
  await signIn(page, owner.email, owner.password);
  await expectSignedIn(page);
  const jwt = (await sessionCookie(page.context())).value;
  const bearer = await playwright.request.newContext({
    baseURL,
    extraHTTPHeaders: { authorization: `Bearer ${jwt}` },
  });
  try {
    expect((await bearer.get("/api/overview")).status()).toBe(401);
    expect((await bearer.get("/api/system")).status()).toBe(401);
    // Pages: the sign-in redirect, not the page.
    const home = await bearer.get("/", { maxRedirects: 0 });
    expect(home.status()).toBe(307);
    expect(home.headers().location).toMatch(/\/sign-in/);
  } finally {
    await bearer.dispose();
  }
  // The same JWT as the cookie is a session.
  expect(await overviewStatus(page)).toBe(200);
});

test("a role without view_dashboard is refused the overview API and lands on a page it may open", async ({ page }) => {
  const role = await createRole("Reports only", PERMISSION_BITS.manage_reports | PERMISSION_BITS.view_audit_log);
  const restore = await changeUser(moderator.email, "role_id", role.id);
  try {
    await signIn(page, moderator.email, moderator.password);
    await expect(page).not.toHaveURL(/\/sign-in/);
    const api = await page.request.get("/api/overview");
    expect(api.status()).toBe(403);
    expect((await api.json()).error.message).toMatch(/view_dashboard/);
    // Sign-in lands on "/", which sends this role to the first page it may open: the report queue.
    await expect(page).toHaveURL(/\/reports$/);
    await expect(page.getByRole("link", { name: "Overview" })).toHaveCount(0);
  } finally {
    await restore();
    await role.remove();
  }
});

test.describe("with a one-minute session lifetime", () => {
  const LIFETIME = 60;
  let extra: Awaited<ReturnType<typeof startExtraHowdah>>;

  test.beforeAll(async () => {
    test.setTimeout(90_000);
    extra = await startExtraHowdah(E2E.port + 5, { HOWDAH_SESSION_MAX_AGE_SECONDS: String(LIFETIME) });
  });
  test.afterAll(async () => {
    await extra?.stop();
  });

  test("refreshing the session near its end cannot carry it past the absolute lifetime", async ({ page }) => {
    test.setTimeout(150_000);
    const expiryOf = async () =>
      (await decode({ token: (await sessionCookie(page.context())).value, secret: TEST_SECRET }))!.exp as number;
    const waitUntil = (epochSeconds: number) => page.waitForTimeout(Math.max(0, epochSeconds * 1000 - Date.now()));
    const status = async () => (await page.request.get(`${extra.url}/api/overview`)).status();

    await page.goto(`${extra.url}/sign-in`);
    await page.getByLabel("E-mail").fill(admin.email);
    await page.getByLabel("Password").fill(admin.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(`${extra.url}/`);
    const end = await expiryOf();
    expect(end - Date.now() / 1000).toBeLessThanOrEqual(LIFETIME + 1);

    // Half-way, and again 15 s before the end, the session is refreshed as next-auth's client does.
    for (const at of [end - LIFETIME / 2, end - 15]) {
      await waitUntil(at);
      const refreshed = await page.request.get(`${extra.url}/api/auth/session`);
      expect((await refreshed.json()).user?.acct).toBe("admin");
      expect(await expiryOf()).toBeLessThanOrEqual(end);
      expect(await status()).toBe(200);
    }

    await waitUntil(end + 2);
    expect(await status()).toBe(401);
    await page.goto(`${extra.url}/`);
    await expect(page).toHaveURL(/\/sign-in/);
  });
});
