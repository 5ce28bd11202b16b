import type pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createTestInstance, FIXTURE_VERSIONS, type TestInstance } from "@/dev/testing/test-instance";
import { testPool } from "@/dev/testing/test-pool";
import { FIXTURE_USERS } from "@/dev/testing/fixture-users";
import type { MastodonUserRecord } from "@/lib/mastodon/staff/area";
import { findSession, pruneSessions } from "@/lib/store/sessions";
import {
  credentialHmac,
  isSessionOpen,
  SESSION_RECHECK_MS,
  sessionDeps,
  signOutSession,
  staffForSession,
  startSession,
  type SessionDeps,
} from "./sessions";

// Server-side sessions against a faithful Mastodon database of each supported
// schema and Howdah's real store: what opens, what ends a session, and that
// an ended session stays ended when Mastodon's change is undone.
describe.each(FIXTURE_VERSIONS)("sessions on Mastodon %s", (version) => {
  let instance: TestInstance;
  let deps: SessionDeps;
  let mastodonDb: pg.Pool;
  let clock = Date.now();
  const undo: string[] = [];

  const userByEmail = async (email: string): Promise<MastodonUserRecord> =>
    (await instance.context.mastodon.staff.findUserByEmail(email))!;
  const open = async (email: string) => {
    const user = await userByEmail(email);
    const session = await startSession(deps, user);
    return { user, session, claims: { uid: user.userId, sid: session.id } };
  };
  /** Changes a Mastodon users column for one test; afterEach puts the old value back. */
  const setUserColumn = async (userId: string, column: string, value: unknown) => {
    const { rows } = await mastodonDb.query(`SELECT ${column}::text AS v FROM users WHERE id = $1`, [userId]);
    undo.push(`UPDATE users SET ${column} = ${rows[0].v === null ? "NULL" : `'${rows[0].v}'`} WHERE id = ${userId}`);
    await mastodonDb.query(`UPDATE users SET ${column} = $2 WHERE id = $1`, [userId, value]);
  };
  const audits = async (action: string) => {
    const store = await instance.context.store();
    return store.prisma.auditEntry.findMany({ where: { action }, orderBy: { id: "asc" } });
  };

  beforeAll(async () => {
    instance = await createTestInstance("sessions", version);
    deps = { ...(await sessionDeps(instance.context)), now: () => clock };
    mastodonDb = testPool(instance.connectionString);
  });
  afterEach(async () => {
    for (const sql of undo.splice(0)) await mastodonDb.query(sql);
    clock = Date.now();
  });
  afterAll(async () => {
    await mastodonDb?.end();
    await instance?.close();
  });

  it("opens a session that ends at sign-in + the lifetime and names the staff member", async () => {
    const { user, session, claims } = await open(FIXTURE_USERS.admin.email);
    expect(session.expiresAt.getTime() - session.createdAt.getTime()).toBe(deps.lifetimeSeconds * 1000);
    expect(session.id).toMatch(/^[\w-]{43}$/);
    expect(session.credentialHmac).toBe(credentialHmac(deps.secret, user.encryptedPassword));
    expect(session.credentialHmac).not.toContain(user.encryptedPassword.slice(7));
    expect(session.roleId).toBe(user.roleId);
    const staff = await staffForSession(deps, claims);
    expect(staff).toMatchObject({ userId: user.userId, acct: "admin" });
    expect(staff?.permissions.can("view_dashboard")).toBe(true);
  });

  it("ends at its absolute lifetime, whatever happened in between", async () => {
    const { claims, session } = await open(FIXTURE_USERS.admin.email);
    clock = session.expiresAt.getTime() - 1000;
    expect(await staffForSession(deps, claims)).not.toBeNull();
    expect(await isSessionOpen(deps, claims)).toBe(true);
    clock = session.expiresAt.getTime();
    expect(await staffForSession(deps, claims)).toBeNull();
    expect(await isSessionOpen(deps, claims)).toBe(false);
  });

  it("signing out ends the session for every copy of its cookie, and is audited once", async () => {
    const { claims, user } = await open(FIXTURE_USERS.moderator.email);
    const before = (await audits("sign_out")).length;
    expect(await signOutSession(deps, { ...claims, aid: user.accountId, acct: user.acct }, "192.0.2.7")).toBe(true);
    expect(await staffForSession(deps, claims)).toBeNull();
    expect(await isSessionOpen(deps, claims)).toBe(false);
    expect(await signOutSession(deps, claims, "192.0.2.7")).toBe(false);
    const entries = (await audits("sign_out")).slice(before);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ actorAcct: "moderator", ip: "192.0.2.7", target: user.userId });
    expect(entries[0]!.details).toEqual({ reason: "signed_out" });
  });

  it("a password change in Mastodon ends it, and putting the old hash back does not revive it", async () => {
    const { claims, user } = await open(FIXTURE_USERS.owner.email);
    const other = await open(FIXTURE_USERS.owner.email);
    // What Devise writes for a new password: another bcrypt hash.
    await setUserColumn(
      user.userId,
      "encrypted_password",
      "$2a$10$abcdefghijklmnopqrstuu5Yy7nkBvQ0vTq2mQmWd3Ew5J7zq1gdq",
    );
    expect(await staffForSession(deps, claims)).toBeNull();
    expect(await staffForSession(deps, other.claims)).toBeNull();
    expect((await findSession(await instance.context.store(), claims.sid))?.revokedAt).not.toBeNull();
    for (const sql of undo.splice(0)) await mastodonDb.query(sql);
    expect(await staffForSession(deps, claims)).toBeNull();
    const ended = (await audits("session_ended")).filter((e) => e.target === user.userId);
    expect(ended.map((e) => (e.details as { reason: string }).reason)).toEqual([
      "password_changed",
      "password_changed",
    ]);
  });

  it("a disabled login ends it for good: enabling the login again does not bring it back", async () => {
    const { claims, user } = await open(FIXTURE_USERS.admin.email);
    await setUserColumn(user.userId, "disabled", true);
    expect(await staffForSession(deps, claims)).toBeNull();
    for (const sql of undo.splice(0)) await mastodonDb.query(sql);
    expect(await staffForSession(deps, claims)).toBeNull();
    // A new sign-in is the way back.
    expect(await staffForSession(deps, (await open(FIXTURE_USERS.admin.email)).claims)).not.toBeNull();
  });

  it("a role change ends it, even to another staff role", async () => {
    const { claims, user } = await open(FIXTURE_USERS.admin.email);
    const moderatorRole = (await userByEmail(FIXTURE_USERS.moderator.email)).roleId;
    expect(moderatorRole).not.toBe(user.roleId);
    await setUserColumn(user.userId, "role_id", moderatorRole);
    expect(await staffForSession(deps, claims)).toBeNull();
    for (const sql of undo.splice(0)) await mastodonDb.query(sql);
    expect(await staffForSession(deps, claims)).toBeNull();
    const ended = (await audits("session_ended")).filter((e) => e.target === user.userId).at(-1);
    expect(ended?.details).toEqual({ reason: "role_changed", from: user.roleId, to: moderatorRole });
  });

  it("refuses a session id presented for another user, and an unknown id", async () => {
    const { claims } = await open(FIXTURE_USERS.admin.email);
    const owner = await userByEmail(FIXTURE_USERS.owner.email);
    expect(await staffForSession(deps, { uid: owner.userId, sid: claims.sid })).toBeNull();
    expect(await staffForSession(deps, { uid: claims.uid, sid: "no-such-session" })).toBeNull();
    // Neither attempt ended the real session.
    expect(await staffForSession(deps, claims)).not.toBeNull();
  });

  it("prunes sessions past their lifetime and those revoked over a day ago, keeping open ones", async () => {
    const store = await instance.context.store();
    const old = await open(FIXTURE_USERS.admin.email);
    await signOutSession(deps, old.claims, null);
    const live = await open(FIXTURE_USERS.admin.email);
    const fresh = await startSession({ ...deps, lifetimeSeconds: 30 * 24 * 3600 }, live.user);
    // A day and a lifetime later: `old` was revoked over a day ago, `live` has expired, `fresh` has not.
    const later = new Date(clock + 25 * 3600 * 1000 + deps.lifetimeSeconds * 1000);
    expect(await pruneSessions(store, later)).toBeGreaterThanOrEqual(2);
    expect(await findSession(store, old.claims.sid)).toBeNull();
    expect(await findSession(store, live.claims.sid)).toBeNull();
    expect(await findSession(store, fresh.id)).not.toBeNull();
  });

  describe("the per-session check, trusted for SESSION_RECHECK_MS", () => {
    it("serves the same staff member within the interval, without asking Mastodon again", async () => {
      const { claims, user } = await open(FIXTURE_USERS.admin.email);
      const first = await staffForSession(deps, claims);
      const lookups = vi.spyOn(deps.mastodon.staff, "findUserById");
      try {
        clock += SESSION_RECHECK_MS - 1;
        expect(await staffForSession(deps, claims)).toEqual(first);
        expect(lookups).not.toHaveBeenCalled();
        clock += 1;
        expect(await staffForSession(deps, claims)).toMatchObject({ userId: user.userId });
        expect(lookups).toHaveBeenCalledTimes(1);
      } finally {
        lookups.mockRestore();
      }
    });

    it("a new password, a disabled login or a demotion ends it at the first request after the interval", async () => {
      const cases: [string, (userId: string) => Promise<void>][] = [
        ["password", (id) => setUserColumn(id, "encrypted_password", "$2a$10$abcdefghijklmnopqrstuu5Yy7nkBvQ0v")],
        ["disabled", (id) => setUserColumn(id, "disabled", true)],
        ["role", async (id) => setUserColumn(id, "role_id", (await userByEmail(FIXTURE_USERS.moderator.email)).roleId)],
      ];
      for (const [what, change] of cases) {
        const { claims, user } = await open(FIXTURE_USERS.owner.email);
        expect(await staffForSession(deps, claims), what).not.toBeNull();
        await change(user.userId);
        clock += SESSION_RECHECK_MS;
        expect(await staffForSession(deps, claims), what).toBeNull();
        expect((await findSession(await instance.context.store(), claims.sid))?.revokedAt, what).not.toBeNull();
        for (const sql of undo.splice(0)) await mastodonDb.query(sql);
        expect(await staffForSession(deps, claims), what).toBeNull();
      }
    });

    it("signing out is refused at once in this process, even within the interval", async () => {
      const { claims } = await open(FIXTURE_USERS.moderator.email);
      expect(await staffForSession(deps, claims)).not.toBeNull();
      expect(await signOutSession(deps, claims, null)).toBe(true);
      expect(await staffForSession(deps, claims)).toBeNull();
    });

    it("a sign-out through another bundle's copy of the module is refused at once too", async () => {
      // Next bundles each route apart: the sign-out route and an API route hold different module copies.
      const { claims } = await open(FIXTURE_USERS.moderator.email);
      expect(await staffForSession(deps, claims)).not.toBeNull();
      vi.resetModules();
      const otherCopy = await import("./sessions");
      expect(otherCopy.staffForSession).not.toBe(staffForSession);
      expect(await otherCopy.signOutSession(deps, claims, null)).toBe(true);
      expect(await staffForSession(deps, claims)).toBeNull();
    });

    it("is never trusted past the session's absolute end", async () => {
      const { claims, session } = await open(FIXTURE_USERS.admin.email);
      clock = session.expiresAt.getTime() - 1;
      expect(await staffForSession(deps, claims)).not.toBeNull();
      clock = session.expiresAt.getTime();
      expect(await staffForSession(deps, claims)).toBeNull();
    });
  });
});
