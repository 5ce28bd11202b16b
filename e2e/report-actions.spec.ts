import { expect, test, type Browser, type Page } from "@playwright/test";
import { E2E } from "../dev/testing/e2e-instance";
import { FIXTURE_USERS } from "../dev/testing/fixture-users";
import { testPool } from "../dev/testing/test-pool";
import { expectSignedIn, signIn } from "./helpers";

/**
 * Two moderators, one report (issue 13, point 4): two signed-in sessions
 * load the report's actions and resolve it at the same moment with the
 * same state token. One succeeds; the other is told who resolved it, and
 * Mastodon's database holds one `resolve` log, not two.
 */
const { admin, moderator } = FIXTURE_USERS;
const pool = testPool(E2E.connectionString, 1);
test.afterAll(async () => pool.end());

async function session(browser: Browser, user: { email: string; password: string }): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, user.email, user.password);
  await expectSignedIn(page);
  return page;
}

/** Runs in the page, so the request is same-origin JSON with the session cookie, as the panel sends it. */
function call(page: Page, path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  return page.evaluate(
    async ({ path, body }) => {
      const response = await fetch(path, {
        method: body === undefined ? "GET" : "POST",
        headers: body === undefined ? {} : { "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: response.status, json: await response.json() };
    },
    { path, body },
  );
}

test("two sessions resolving one report at once: one resolve, and the other is told who", async ({ browser }) => {
  const { rows } = await pool.query(
    "SELECT id::text AS id FROM reports WHERE action_taken_at IS NULL ORDER BY id DESC LIMIT 1",
  );
  const id = rows[0].id as string;
  const first = await session(browser, admin);
  const second = await session(browser, moderator);
  const path = `/api/reports/${id}/actions`;
  const [a, b] = await Promise.all([call(first, path), call(second, path)]);
  expect(a.status).toBe(200);
  expect(a.json.offered).toEqual(expect.arrayContaining([expect.objectContaining({ key: "resolve" })]));
  const before = Number(
    (
      await pool.query("SELECT count(*) AS n FROM admin_action_logs WHERE target_type = 'Report' AND target_id = $1", [
        id,
      ])
    ).rows[0].n,
  );
  const [ra, rb] = await Promise.all([
    call(first, path, { token: a.json.token, action: "resolve" }),
    call(second, path, { token: b.json.token, action: "resolve" }),
  ]);
  expect([ra.status, rb.status].sort()).toEqual([200, 409]);
  const refused = ra.status === 409 ? ra : rb;
  const winner = ra.status === 200 ? "admin" : "moderator";
  expect((refused.json.error as { message: string }).message).toContain(`@${winner} resolved the report`);
  const after = Number(
    (
      await pool.query("SELECT count(*) AS n FROM admin_action_logs WHERE target_type = 'Report' AND target_id = $1", [
        id,
      ])
    ).rows[0].n,
  );
  expect(after - before).toBe(1);

  // A tampered body, an unknown report and an over-long note change nothing and say why.
  const fresh = await call(first, path);
  const tampered = await call(first, path, { token: fresh.json.token, action: "resolve", sneaky: true });
  expect(tampered.status).toBe(400);
  const missing = await call(first, "/api/reports/999999999/actions");
  expect(missing.status).toBe(404);
  const long = await call(first, path, { token: fresh.json.token, action: "note", content: "x".repeat(2001) });
  expect(long.status).toBe(400);
  expect((long.json.error as { message: string }).message).toMatch(/at most 2,000 characters/);
});
