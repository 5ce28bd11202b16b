import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestInstance, FIXTURE_VERSIONS, type TestInstance } from "@/dev/testing/test-instance";
import { testPool } from "@/dev/testing/test-pool";
import { FIXTURE_USERS } from "@/dev/testing/fixture-users";
import { generateTotp } from "./totp";
import { signIn, type SignInDeps } from "./sign-in";

const WRITES_TO_MASTODON_TABLES =
  "SELECT sum(n_tup_ins + n_tup_upd + n_tup_del)::int AS writes FROM pg_stat_user_tables WHERE schemaname = 'public'";

// Sign-in against a faithful Mastodon database of each supported schema.
describe.each(FIXTURE_VERSIONS)("sign-in on Mastodon %s", (version) => {
  let instance: TestInstance;
  let deps: SignInDeps;
  let ipCounter = 0;
  // A fresh client address per test keeps per-IP limits from leaking between tests.
  const ip = () => `192.0.2.${++ipCounter}`;

  beforeAll(async () => {
    instance = await createTestInstance("signin", version);
    deps = {
      mastodon: instance.context.mastodon,
      store: await instance.context.store(),
      limits: instance.config.howdah.signInRateLimit,
      encryptionKeys: instance.config.mastodon.activeRecordEncryption,
    };
  });
  afterAll(() => instance?.close());

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

  it("locks an account after too many failures, even for the right password, and counts per IP too", async () => {
    const user = FIXTURE_USERS.rateLimited;
    const from = ip();
    for (let i = 0; i < deps.limits.perAccount; i++) {
      await signIn(deps, { email: user.email, password: `wrong-${i}` }, from);
    }
    const locked = await signIn(deps, { email: user.email, password: user.password }, ip());
    expect(locked).toMatchObject({ ok: false, reason: "rate_limited" });
    expect(!locked.ok && locked.message).toMatch(/Try again in \d+ minutes?/);

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

  it("writes nothing to Mastodon's tables", async () => {
    const mastodonDb = testPool(instance.connectionString, 1);
    const { rows } = await mastodonDb.query(WRITES_TO_MASTODON_TABLES);
    const writesBefore = rows[0].writes;
    await signIn(deps, { email: FIXTURE_USERS.admin.email, password: FIXTURE_USERS.admin.password }, ip());
    await new Promise((r) => setTimeout(r, 600)); // stats are flushed asynchronously
    const after = await mastodonDb.query(WRITES_TO_MASTODON_TABLES);
    await mastodonDb.end();
    expect(after.rows[0].writes).toBe(writesBefore);
  });
});
