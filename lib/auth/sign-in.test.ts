import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestInstance, FIXTURE_VERSIONS, type TestInstance } from "@/dev/testing/test-instance";
import { testPool } from "@/dev/testing/test-pool";
import { FIXTURE_USERS } from "@/dev/testing/fixture-users";
import { pruneExpiredAttempts } from "@/lib/store/sign-in-throttle";
import { createPasswordHasher, type PasswordHasher } from "./password-hasher";
import { generateTotp, verifyTotp } from "./totp";
import { signIn, type SignInDeps, type SignInResult } from "./sign-in";

// bcrypt of "slow" at cost 13: a check that keeps a hashing thread busy for over a second.
const SLOW_HASH = "$2b$13$pLvHbUljN6Po2WP58egj/.OEY9Eid64Xwz0HjIbkLbyP5QyCP7FI6";

const WRITES_TO_MASTODON_TABLES =
  "SELECT sum(n_tup_ins + n_tup_upd + n_tup_del)::int AS writes FROM pg_stat_user_tables WHERE schemaname = 'public'";

// Sign-in against a faithful Mastodon database of each supported schema.
describe.each(FIXTURE_VERSIONS)("sign-in on Mastodon %s", (version) => {
  let instance: TestInstance;
  let deps: SignInDeps;
  // Room for every concurrent attempt below, so none is turned away as busy.
  const hasher: PasswordHasher = createPasswordHasher({ threads: 2, queue: 64 });
  let ipCounter = 0;
  // A fresh client address per test keeps per-IP limits from leaking between tests.
  const ip = () => `192.0.2.${++ipCounter}`;

  beforeAll(async () => {
    instance = await createTestInstance("signin", version);
    deps = {
      mastodon: instance.context.mastodon,
      store: await instance.context.store(),
      limits: instance.config.howdah.signInRateLimit,
      hasher,
      encryptionKeys: instance.config.mastodon.activeRecordEncryption,
    };
  });
  afterAll(async () => {
    await hasher.close();
    await instance?.close();
  });
  const count = (results: SignInResult[], reason: string) => results.filter((r) => !r.ok && r.reason === reason).length;

  it("lets staff in with Mastodon's bcrypt password and resolves their role bits", async () => {
    const admin = await signIn(
      deps,
      { email: FIXTURE_USERS.admin.email, password: FIXTURE_USERS.admin.password },
      ip(),
    );
    expect(admin.ok).toBe(true);
    if (!admin.ok) return;
    expect(admin.user.permissions.can("manage_federation")).toBe(true);
    expect(admin.user.permissions.can("view_devops")).toBe(false);
    const mod = await signIn(
      deps,
      { email: FIXTURE_USERS.moderator.email.toUpperCase(), password: FIXTURE_USERS.moderator.password },
      ip(),
    );
    expect(mod.ok && mod.user.permissions.can("manage_reports")).toBe(true);
    expect(mod.ok && mod.user.permissions.can("manage_federation")).toBe(false);
    const owner = await signIn(
      deps,
      { email: ` ${FIXTURE_USERS.owner.email} `, password: FIXTURE_USERS.owner.password },
      ip(),
    );
    expect(owner.ok && owner.user.permissions.can("view_devops")).toBe(true);
  });

  it("refuses a wrong password and an unknown e-mail with the same message", async () => {
    const wrong = await signIn(deps, { email: FIXTURE_USERS.admin.email, password: "nope-nope" }, ip());
    const unknown = await signIn(deps, { email: "nobody@example.invalid", password: "nope-nope" }, ip());
    expect(wrong).toMatchObject({ ok: false, reason: "invalid_credentials" });
    expect(unknown).toMatchObject({ ok: false, reason: "invalid_credentials" });
    expect(!wrong.ok && !unknown.ok && wrong.message === unknown.message).toBe(true);
  });

  it.each([
    ["unconfirmed", /not been confirmed/],
    ["pending", /waiting for approval/],
    ["disabled", /disabled/],
    ["suspended", /suspended/],
    ["member", /does not include any admin or moderation permission/],
  ] as const)("refuses a %s user who gives the right password", async (kind, message) => {
    const user = FIXTURE_USERS[kind];
    const result = await signIn(deps, { email: user.email, password: user.password }, ip());
    expect(result).toMatchObject({ ok: false, reason: "refused" });
    expect(!result.ok && result.message).toMatch(message);
  });

  it("asks a TOTP user for a code, refuses a wrong or replayed one, accepts a fresh one", async () => {
    const { totp } = FIXTURE_USERS;
    const noCode = await signIn(deps, { email: totp.email, password: totp.password }, ip());
    expect(noCode).toMatchObject({ ok: false, reason: "otp_required" });
    const wrong = await signIn(deps, { email: totp.email, password: totp.password, otp: "000000" }, ip());
    expect(wrong).toMatchObject({ ok: false, reason: "otp_invalid" });
    const now = Date.now();
    const code = generateTotp(totp.otpSecret!, now);
    const good = await signIn(
      { ...deps, now: () => now },
      { email: totp.email, password: totp.password, otp: code },
      ip(),
    );
    expect(good.ok).toBe(true);
    const replay = await signIn(
      { ...deps, now: () => now },
      { email: totp.email, password: totp.password, otp: code },
      ip(),
    );
    expect(replay).toMatchObject({ ok: false, reason: "otp_invalid" });
  });

  it("never lets a TOTP user in on a password alone when the encryption keys are missing", async () => {
    const { totp } = FIXTURE_USERS;
    const code = generateTotp(totp.otpSecret!, Date.now());
    const result = await signIn(
      { ...deps, encryptionKeys: null },
      { email: totp.email, password: totp.password, otp: code },
      ip(),
    );
    expect(result).toMatchObject({ ok: false, reason: "otp_unavailable" });
    expect(!result.ok && result.message).toMatch(/ACTIVE_RECORD_ENCRYPTION_PRIMARY_KEY/);
  });

  it("evaluates exactly the limit of 40 concurrent guesses on one account from one address", async () => {
    const user = FIXTURE_USERS.rateLimited;
    const from = ip();
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => signIn(deps, { email: user.email, password: `guess-${i}` }, from)),
    );
    expect(count(results, "invalid_credentials")).toBe(deps.limits.perAccount);
    expect(count(results, "rate_limited")).toBe(40 - deps.limits.perAccount);
    // That address stays stopped, even with the right password…
    const locked = await signIn(deps, { email: user.email, password: user.password }, from);
    expect(locked).toMatchObject({ ok: false, reason: "rate_limited" });
    expect(!locked.ok && locked.message).toMatch(/Try again in \d+ minutes?/);
    // …and the owner, elsewhere, is not locked out by it.
    const owner = await signIn(deps, { email: user.email, password: user.password }, ip());
    expect(owner).not.toMatchObject({ reason: "rate_limited" });
  });

  it("stops guessing from many addresses while the owner still signs in from one that has not failed", async () => {
    const user = FIXTURE_USERS.admin;
    // Earlier tests left a failed guess on this account; the counts below start from none.
    await deps.store.pool.query("DELETE FROM howdah.sign_in_throttle WHERE scope = 'account' AND key = $1", [
      user.email.toLowerCase(),
    ]);
    const limits = { ...deps.limits, perAccount: 3, perAccountTotal: 6 };
    const tight = { ...deps, limits };
    const guess = (from: string, n: number) =>
      Promise.all(Array.from({ length: n }, (_, i) => signIn(tight, { email: user.email, password: `no-${i}` }, from)));
    // Two addresses use up their own limits and, together, the account's.
    const first = [ip(), ip()];
    for (const from of first) expect(count(await guess(from, 3), "invalid_credentials")).toBe(3);
    // The account is now under attack: an address that failed on it is stopped at once…
    const failedOnce = ip();
    const taste = await signIn(
      { ...deps, limits: { ...limits, perAccountTotal: 100 } },
      {
        email: user.email,
        password: "one-guess",
      },
      failedOnce,
    );
    expect(taste).toMatchObject({ reason: "invalid_credentials" });
    expect(count(await guess(failedOnce, 3), "rate_limited")).toBe(3);
    // …each new address gets one guess, however many it sends at once…
    const fresh = await guess(ip(), 10);
    expect(count(fresh, "invalid_credentials")).toBe(1);
    expect(count(fresh, "rate_limited")).toBe(9);
    // …and the owner, from an address that has not failed, gets in.
    const owner = await signIn(tight, { email: user.email, password: user.password }, ip());
    expect(owner.ok).toBe(true);
  });

  it("counts every account an address tries against its own limit", async () => {
    const busyIp = ip();
    const tight = { ...deps, limits: { ...deps.limits, perIp: 3 } };
    for (let i = 0; i < 3; i++)
      await signIn(tight, { email: `guess${i}@example.invalid`, password: "guessing" }, busyIp);
    const blockedIp = await signIn(
      tight,
      { email: FIXTURE_USERS.admin.email, password: FIXTURE_USERS.admin.password },
      busyIp,
    );
    expect(blockedIp).toMatchObject({ ok: false, reason: "rate_limited" });
  });

  it("gives a right password's attempt back, so signing in never uses up a limit", async () => {
    const from = ip();
    const tight = { ...deps, limits: { ...deps.limits, perAccount: 2, perIp: 2 } };
    for (let i = 0; i < 5; i++) {
      const result = await signIn(
        tight,
        { email: FIXTURE_USERS.moderator.email, password: FIXTURE_USERS.moderator.password },
        from,
      );
      expect(result.ok).toBe(true);
    }
  });

  it("turns sign-ins away as busy when the hashing pool is full, without counting them as failures", async () => {
    const small = createPasswordHasher({ threads: 1, queue: 1 });
    try {
      // Two checks of a cost-13 hash (over a second each) fill the one thread and the one queue place.
      const hold = [small.compare("x", SLOW_HASH), small.compare("x", SLOW_HASH)];
      const from = ip();
      const email = "busy-check@example.invalid";
      const tryOnce = () => signIn({ ...deps, hasher: small }, { email, password: "wrong" }, from);
      const results = await Promise.all(Array.from({ length: 4 }, tryOnce));
      expect(count(results, "busy")).toBe(4);
      const rows = () =>
        deps.store.pool.query("SELECT scope, attempts FROM howdah.sign_in_throttle WHERE key IN ($1, $2)", [
          from,
          `${email} ${from}`,
        ]);
      expect((await rows()).rows).toEqual([]);
      await Promise.all(hold);
      expect(await tryOnce()).toMatchObject({ reason: "invalid_credentials" });
      expect((await rows()).rows.map((r) => r.attempts)).toEqual([1, 1]);
    } finally {
      await small.close();
    }
  });

  it("deletes attempts whose window has passed and keeps the others", async () => {
    const { pool } = deps.store;
    await pool.query(
      `INSERT INTO howdah.sign_in_throttle (scope, key, window_start, attempts)
       VALUES ('ip', 'prune-old', now() - interval '2 hours', 3), ('ip', 'prune-live', now(), 3)`,
    );
    expect(await pruneExpiredAttempts(deps.store, 900)).toBeGreaterThanOrEqual(1);
    const { rows } = await pool.query(
      "SELECT key FROM howdah.sign_in_throttle WHERE key IN ('prune-old', 'prune-live')",
    );
    expect(rows).toEqual([{ key: "prune-live" }]);
  });

  it("rejects malformed input with a message and records nothing", async () => {
    const before = await deps.store.pool.query("SELECT count(*)::int AS n FROM howdah.sign_in_throttle");
    for (const bad of [
      {},
      { email: "not-an-email", password: "x" },
      { email: "a@b.c", password: "" },
      { email: "a@b.c", password: "x", otp: "12ab56" },
      null,
      "string",
    ]) {
      const result = await signIn(deps, bad, ip());
      expect(result).toMatchObject({ ok: false, reason: "invalid_input" });
    }
    const after = await deps.store.pool.query("SELECT count(*)::int AS n FROM howdah.sign_in_throttle");
    expect(after.rows[0].n).toBe(before.rows[0].n);
  });

  it("writes nothing to Mastodon's tables for a sign-in without a second factor", async () => {
    const mastodonDb = testPool(instance.connectionString, 1);
    const { rows } = await mastodonDb.query(WRITES_TO_MASTODON_TABLES);
    const writesBefore = rows[0].writes;
    await signIn(deps, { email: FIXTURE_USERS.admin.email, password: FIXTURE_USERS.admin.password }, ip());
    await new Promise((r) => setTimeout(r, 600)); // stats are flushed asynchronously
    const after = await mastodonDb.query(WRITES_TO_MASTODON_TABLES);
    await mastodonDb.end();
    expect(after.rows[0].writes).toBe(writesBefore);
  });

  it("records a TOTP step used in Howdah in users.consumed_timestep, so Mastodon refuses the code", async () => {
    const { totp } = FIXTURE_USERS;
    const mastodonDb = testPool(instance.connectionString, 1);
    try {
      // A minute on from the other TOTP test, so this code's step is new.
      const now = Date.now() + 60_000;
      const code = generateTotp(totp.otpSecret!, now);
      const good = await signIn(
        { ...deps, now: () => now },
        { email: totp.email, password: totp.password, otp: code },
        ip(),
      );
      expect(good.ok).toBe(true);
      const { rows } = await mastodonDb.query<{ step: number }>(
        "SELECT consumed_timestep AS step FROM users WHERE email = $1",
        [totp.email],
      );
      const step = rows[0]!.step;
      expect(step).toBe(Math.floor(now / 30_000));
      // What Mastodon's validate_and_consume_otp! does with that column, under either of its rules.
      for (const consumeRule of ["matched", "current"] as const) {
        const there = verifyTotp({
          secretBase32: totp.otpSecret!,
          code,
          atMs: now,
          lastConsumedTimestep: step,
          consumeRule,
        });
        expect(there).toEqual({ ok: false, reason: "replayed" });
      }
    } finally {
      await mastodonDb.end();
    }
  });

  it("moves users.consumed_timestep forward for exactly one of concurrent sign-ins with one step", async () => {
    const { staff } = instance.context.mastodon;
    const user = await staff.findUserByEmail(FIXTURE_USERS.totp.email);
    const step = Math.floor(Date.now() / 30_000) + 100;
    const outcomes = await Promise.all(Array.from({ length: 10 }, () => staff.consumeOtpTimestep(user!.userId, step)));
    expect(outcomes.filter((o) => o === "consumed")).toHaveLength(1);
    expect(outcomes.filter((o) => o === "replayed")).toHaveLength(9);
    // An earlier step never moves it back.
    expect(await staff.consumeOtpTimestep(user!.userId, step - 1)).toBe("replayed");
  });
});
