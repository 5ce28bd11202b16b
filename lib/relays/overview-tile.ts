import type { Staff } from "@/lib/auth/current-staff";
import type { RelayState } from "@/lib/mastodon/relays/relay-rows";
import type { ServerContext } from "@/lib/server/context";
import { relaysAvailable } from "./availability";

/**
 * The overview's Relays tile, read from Howdah's store only: the relay
 * counts the worker noted at its last rollup run, and the last 24 hours of
 * incoming remote posts from the hourly rollup.
 */
export interface RelaysTile {
  relays: Record<RelayState, number> | null;
  last24h: { statuses: number; followed: number; relayEstimate: number; mediaBytes: number; relayMediaBytes: number };
  lastRunAt: string | null;
}

export function canSeeRelays(context: ServerContext, staff: Pick<Staff, "permissions">): boolean {
  return relaysAvailable(context) && staff.permissions.can("manage_federation");
}

export async function readRelaysTile(context: ServerContext): Promise<RelaysTile> {
  const store = await context.store();
  const [state, sums] = await Promise.all([
    store.pool.query<{ relays: Record<RelayState, number> | null; last_run_at: Date }>(
      "SELECT relays, last_run_at FROM howdah.relay_traffic_state WHERE id",
    ),
    store.pool.query<{
      statuses: number | null;
      followed: number | null;
      relay_estimate: number | null;
      media_bytes: number | null;
      relay_media_bytes: number | null;
    }>(
      `SELECT sum(statuses)::float8 AS statuses, sum(followed)::float8 AS followed, sum(relay_estimate)::float8 AS relay_estimate,
              sum(media_bytes)::float8 AS media_bytes, sum(relay_media_bytes)::float8 AS relay_media_bytes
         FROM howdah.relay_traffic_hours WHERE hour > now() - interval '24 hours'`,
    ),
  ]);
  const s = sums.rows[0];
  return {
    relays: state.rows[0]?.relays ?? null,
    last24h: {
      statuses: s?.statuses ?? 0,
      followed: s?.followed ?? 0,
      relayEstimate: s?.relay_estimate ?? 0,
      mediaBytes: s?.media_bytes ?? 0,
      relayMediaBytes: s?.relay_media_bytes ?? 0,
    },
    lastRunAt: state.rows[0]?.last_run_at.toISOString() ?? null,
  };
}
