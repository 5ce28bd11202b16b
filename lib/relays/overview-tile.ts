import "server-only";
import type { Staff } from "@/lib/auth/current-staff";
import type { RelayState } from "@/lib/mastodon/relays/area";
import type { ServerContext } from "@/lib/server/context";
import { readRelaysTileFigures } from "@/lib/store/relay-traffic-reads";
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
  const figures = await readRelaysTileFigures(store);
  return {
    relays: figures.relays as Record<RelayState, number> | null,
    last24h: figures.last24h,
    lastRunAt: figures.lastRunAt?.toISOString() ?? null,
  };
}
