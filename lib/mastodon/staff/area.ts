import "server-only";
import type { GatewayBase } from "../gateway/base";
import { withService } from "../service-errors";
import { consumeOtpTimestep, type ConsumeOutcome } from "./otp-timestep";
import { accessRefusal, findUserByEmail, findUserById, normalizeEmail, type MastodonUserRecord } from "./users";

export type { MastodonUserRecord } from "./users";

/**
 * Staff as Mastodon knows them: users, roles and permissions, login state, second factor.
 * Reads go to the primary: a role change or a suspension must count on the very next request.
 */
export function createStaffArea(base: GatewayBase) {
  const { connections: c } = base;
  return {
    /** The user behind a session (login state, resolved role bits, 2FA material); null when there is none. */
    findUserById(userId: string): Promise<MastodonUserRecord | null> {
      return withService("PostgreSQL", () => findUserById(c.db, userId));
    },

    /** The user signing in with this e-mail (normalised as Devise does); null when there is none. */
    findUserByEmail(email: string): Promise<MastodonUserRecord | null> {
      return withService("PostgreSQL", () => findUserByEmail(c.db, email));
    },

    /** Why this user may not use Howdah now (Mastodon's User#functional? plus an admin-area permission), or null. */
    explainRefusal(user: MastodonUserRecord): string | null {
      return accessRefusal(user);
    },

    /** The e-mail as Devise stores it (stripped, lower-cased): the key sign-in limits count under. */
    normalizeEmail(email: string): string {
      return normalizeEmail(email);
    },

    /**
     * Marks a TOTP step used in users.consumed_timestep, as Mastodon's sign-in does (otp-timestep.ts);
     * "not_written" on a Mastodon version Howdah does not know, where it writes nothing.
     */
    async consumeOtpTimestep(userId: string, timestep: number): Promise<ConsumeOutcome> {
      if (!(await base.version()).writable) return "not_written";
      return withService("PostgreSQL", () => consumeOtpTimestep(c.db, userId, timestep));
    },
  };
}

export type StaffArea = ReturnType<typeof createStaffArea>;
