import { FIXTURE_SIGN_INS, FIXTURE_TOTP_SECRET } from "@/dev/fixtures/generator";

/**
 * The generated instance's sign-ins under the names tests speak of. The
 * `rateLimited` account exists only to be locked out by the rate-limit tests,
 * so no other test is disturbed by its lock.
 */
interface TestUser {
  email: string;
  password: string;
  otpSecret?: string;
}

const u = (key: keyof typeof FIXTURE_SIGN_INS, extra: Partial<TestUser> = {}): TestUser => ({
  email: FIXTURE_SIGN_INS[key].email,
  password: FIXTURE_SIGN_INS[key].password,
  ...extra,
});

export const FIXTURE_USERS = {
  owner: u("owner"),
  admin: u("admin"),
  moderator: u("moderator"),
  totp: u("totp", { otpSecret: FIXTURE_TOTP_SECRET }),
  member: u("user"),
  unconfirmed: u("unconfirmed"),
  pending: u("pending"),
  disabled: u("disabled"),
  suspended: u("suspended"),
  rateLimited: u("silenced"),
} satisfies Record<string, TestUser>;
