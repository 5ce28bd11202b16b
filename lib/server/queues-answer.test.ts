import http from "node:http";
import type { AddressInfo } from "node:net";
import { encode } from "next-auth/jwt";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FIXTURE_USERS } from "@/dev/testing/fixture-users";
import { createTestInstance, type TestInstance } from "@/dev/testing/test-instance";
import { testPool } from "@/dev/testing/test-pool";
import { PERMISSION_BITS } from "@/lib/auth/permissions";
import { staffFromCookies } from "@/lib/auth/request-staff";
import { getQueuesSummary } from "@/lib/queues/summary";
import { sessionDeps, signOutSession, startSession } from "@/lib/auth/sessions";
import { createRequestListener } from "./http-server";

/**
 * GET /api/queues answered by the server entry before Next (queues-answer.ts):
 * the same JSON as the route for a signed-in staff member who may see the
 * Queues page, and everything else (no session, an ended session, a role
 * without the page) handed to Next, which is stood in for here.
 */
describe("the Queues poll's fast answer", () => {
  let instance: TestInstance;
  let mastodonDb: pg.Pool;
  let server: http.Server;
  let base: string;
  const toNext: string[] = [];

  const cookieFor = async (email: string) => {
    const deps = await sessionDeps(instance.context);
    const user = (await instance.context.mastodon.staff.findUserByEmail(email))!;
    const session = await startSession(deps, user);
    const sexp = Math.floor(session.expiresAt.getTime() / 1000);
    const jwt = await encode({
      token: { uid: user.userId, sid: session.id, aid: user.accountId, acct: user.acct, sexp },
      secret: instance.context.config.howdah.secret,
      maxAge: 3600,
    });
    return { cookie: `other=1; next-auth.session-token=${jwt}`, claims: { uid: user.userId, sid: session.id } };
  };
  const get = async (cookie?: string) => {
    const response = await fetch(`${base}/api/queues`, { headers: cookie ? { cookie } : {} });
    return { status: response.status, headers: response.headers, body: (await response.json()) as never };
  };

  beforeAll(async () => {
    instance = await createTestInstance("queues_answer", "4.6");
    mastodonDb = testPool(instance.connectionString);
    const next = async (req: http.IncomingMessage, res: http.ServerResponse) => {
      toNext.push(req.url ?? "");
      res.writeHead(401, { "content-type": "application/json" }).end(JSON.stringify({ from: "next" }));
    };
    server = http.createServer(createRequestListener(() => instance.context, next));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await mastodonDb?.end();
    await instance?.close();
  });

  it("answers a signed-in admin with the summary, without Next", async () => {
    const { cookie } = await cookieFor(FIXTURE_USERS.admin.email);
    toNext.length = 0;
    const answer = await get(cookie);
    expect(answer.status).toBe(200);
    expect(answer.headers.get("x-howdah-answer")).toBe("fast-path");
    expect(answer.headers.get("cache-control")).toBe("no-store");
    expect(answer.headers.get("x-frame-options")).toBe("DENY");
    expect(answer.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    // The same JSON as the route gives (getQueuesSummary for this staff member), at another moment.
    const staff = (await staffFromCookies(instance.context, { "next-auth.session-token": cookie.split("=")[2]! }))!;
    const direct = await getQueuesSummary(instance.context, staff);
    expect(Object.keys(answer.body).sort()).toEqual(Object.keys(direct).sort());
    expect(answer.body).toMatchObject({ canViewJobs: direct.canViewJobs, canManageJobs: direct.canManageJobs });
    expect(toNext).toEqual([]);
  });

  it("hands requests without a session, or with an ended one, to Next", async () => {
    toNext.length = 0;
    expect((await get()).body).toEqual({ from: "next" });
    expect((await get("next-auth.session-token=not-a-jwt")).body).toEqual({ from: "next" });
    const { cookie, claims } = await cookieFor(FIXTURE_USERS.moderator.email);
    expect((await get(cookie)).status).toBe(200);
    // Signed out (through Next's own module copy in production): refused at once, not after the interval.
    await signOutSession(await sessionDeps(instance.context), claims, null);
    expect((await get(cookie)).body).toEqual({ from: "next" });
    expect(toNext).toHaveLength(3);
  });

  it("hands a role without the Queues page to Next", async () => {
    const { rows } = await mastodonDb.query(
      `INSERT INTO user_roles (name, permissions, position, created_at, updated_at)
       VALUES ('Reports only', $1, 5, now(), now()) RETURNING id::text`,
      [PERMISSION_BITS.manage_reports],
    );
    const { rows: before } = await mastodonDb.query("SELECT role_id::text FROM users WHERE email = $1", [
      FIXTURE_USERS.owner.email,
    ]);
    await mastodonDb.query("UPDATE users SET role_id = $2 WHERE email = $1", [FIXTURE_USERS.owner.email, rows[0].id]);
    try {
      const { cookie } = await cookieFor(FIXTURE_USERS.owner.email);
      toNext.length = 0;
      expect((await get(cookie)).body).toEqual({ from: "next" });
      expect(toNext).toEqual(["/api/queues"]);
    } finally {
      await mastodonDb.query("UPDATE users SET role_id = $2 WHERE email = $1", [
        FIXTURE_USERS.owner.email,
        before[0].role_id,
      ]);
    }
  });
});
