import "server-only";
import type pg from "pg";

/**
 * Mastodon's relays table (facts §8): one row per relay, `state` an enum
 * idle 0 / pending 1 / accepted 2 / rejected 3. `Relay.enabled` means
 * accepted; pending means the Follow was sent and the relay has not answered.
 * updated_at moves with every state change (enable!, disable!, and the
 * relay's Accept or Reject), so it is "in this state since".
 */
export const RELAY_STATES = ["idle", "pending", "accepted", "rejected"] as const;
export type RelayState = (typeof RELAY_STATES)[number];

export const RELAY_STATE_CODE: Record<RelayState, number> = { idle: 0, pending: 1, accepted: 2, rejected: 3 };

export function relayStateName(code: number): RelayState {
  return RELAY_STATES[code] ?? "idle";
}

export interface RelayRow {
  id: string;
  inboxUrl: string;
  state: RelayState;
  followActivityId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

interface RawRelay {
  id: string;
  inbox_url: string;
  state: number;
  follow_activity_id: string | null;
  created_at: Date;
  updated_at: Date;
}

export const RELAY_COLUMNS = "id::text AS id, inbox_url, state, follow_activity_id, created_at, updated_at";

export function toRelayRow(r: RawRelay): RelayRow {
  return {
    id: r.id,
    inboxUrl: r.inbox_url,
    state: relayStateName(r.state),
    followActivityId: r.follow_activity_id,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** Every relay, oldest first (Mastodon's own page lists `Relay.all`). */
export async function listRelayRows(db: pg.Pool | pg.PoolClient): Promise<RelayRow[]> {
  const { rows } = await db.query<RawRelay>(`SELECT ${RELAY_COLUMNS} FROM relays ORDER BY id`);
  return rows.map(toRelayRow);
}

/** The relay row locked for the rest of the transaction, or null when it no longer exists. */
export async function lockRelayRow(client: pg.PoolClient, id: string): Promise<RelayRow | null> {
  const { rows } = await client.query<RawRelay>(`SELECT ${RELAY_COLUMNS} FROM relays WHERE id = $1 FOR UPDATE`, [id]);
  return rows[0] ? toRelayRow(rows[0]) : null;
}

export async function countRelaysByState(db: pg.Pool): Promise<Record<RelayState, number>> {
  const { rows } = await db.query<{ state: number; n: number }>(
    "SELECT state, count(*)::int AS n FROM relays GROUP BY state",
  );
  const counts: Record<RelayState, number> = { idle: 0, pending: 0, accepted: 0, rejected: 0 };
  for (const r of rows) counts[relayStateName(r.state)] += r.n;
  return counts;
}
