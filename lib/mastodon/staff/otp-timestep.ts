import "server-only";
import type pg from "pg";
import { UTC_NOW } from "../action-log/utc-now";

/**
 * Records a TOTP time step as used, where Mastodon's own sign-in records it:
 * devise-two-factor's validate_and_consume_otp! accepts only codes of steps
 * after users.consumed_timestep and then saves the current step there (with
 * updated_at, as any save does). Howdah writes the later of the code's step
 * and the current one, so a code used here is refused there too, even one
 * from the step ahead that Mastodon's drift allows.
 *
 * One conditional UPDATE: of two sign-ins racing with the same code, in
 * Howdah or in Mastodon, exactly one moves the step forward.
 */
export type ConsumeOutcome =
  /** The step is now recorded. */
  | "consumed"
  /** This step or a later one was already used: a replay. */
  | "replayed"
  /** Howdah may not write here (a version it does not know, or a read-only role). */
  | "not_written";

const INSUFFICIENT_PRIVILEGE = "42501";
const READ_ONLY_TRANSACTION = "25006";

export async function consumeOtpTimestep(db: pg.Pool, userId: string, timestep: number): Promise<ConsumeOutcome> {
  try {
    const { rowCount } = await db.query(
      `UPDATE users SET consumed_timestep = $2, updated_at = ${UTC_NOW}
        WHERE id = $1 AND (consumed_timestep IS NULL OR consumed_timestep < $2)`,
      [userId, timestep],
    );
    return rowCount === 1 ? "consumed" : "replayed";
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === INSUFFICIENT_PRIVILEGE || code === READ_ONLY_TRANSACTION) return "not_written";
    throw error;
  }
}
