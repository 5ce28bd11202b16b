import "server-only";
import { withService } from "@/lib/mastodon/service-errors";
import type { Store } from "./connection";

/**
 * The last TOTP time step each user signed in to Howdah with. Mastodon keeps
 * its own in users.consumed_timestep, which Howdah only reads; together they
 * make a code used in either place unusable in Howdah.
 */
export async function readLastConsumedTimestep(store: Store, userId: string): Promise<number | null> {
  const { rows } = await withService("Howdah store", () =>
    store.pool.query<{ timestep: string }>("SELECT timestep::text FROM howdah.totp_consumed WHERE user_id = $1", [
      userId,
    ]),
  );
  return rows[0] ? Number(rows[0].timestep) : null;
}

/** Records the step atomically; false when a concurrent sign-in already used it (a replay). */
export async function consumeTimestep(store: Store, userId: string, timestep: number): Promise<boolean> {
  const { rowCount } = await withService("Howdah store", () =>
    store.pool.query(
      `INSERT INTO howdah.totp_consumed (user_id, timestep) VALUES ($1, $2)
       ON CONFLICT (user_id) DO UPDATE SET timestep = EXCLUDED.timestep, updated_at = now()
         WHERE howdah.totp_consumed.timestep < EXCLUDED.timestep`,
      [userId, timestep],
    ),
  );
  return rowCount === 1;
}
