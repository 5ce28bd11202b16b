import "server-only";
import type pg from "pg";
import type { MastodonRelease } from "../version";
import { mastodonLogsRelayActions } from "./relay-writes";

/**
 * What Mastodon recorded about relays, for the traffic page's on/off
 * markers: its admin_action_logs rows with target_type Relay (written from
 * 4.4 on; 4.3 logs no relay action), with the acting account's username, and
 * every relay row's creation time (the only record of relays added before
 * either log kept one).
 */
export const RELAY_LOG_ACTIONS = ["create", "enable", "disable", "destroy"] as const;
export type RelayLogAction = (typeof RELAY_LOG_ACTIONS)[number];

/** Whether this Mastodon logs relay actions at all (4.4+; see relay-writes.ts). */
export function relayActionsLogged(release: MastodonRelease | null): boolean {
  return mastodonLogsRelayActions(release);
}

export interface RelayLogEntry {
  id: string;
  action: RelayLogAction;
  relayId: string | null;
  /** The inbox URL Mastodon noted (human_identifier). */
  inboxUrl: string | null;
  at: Date;
  by: string | null;
}

export async function readRelayLog(db: pg.Pool, fromIso: string): Promise<RelayLogEntry[]> {
  const { rows } = await db.query<{
    id: string;
    action: RelayLogAction;
    target_id: string | null;
    human_identifier: string | null;
    created_at: Date;
    username: string | null;
  }>(
    `SELECT l.id::text AS id, l.action, l.target_id::text AS target_id, l.human_identifier, l.created_at, a.username
       FROM admin_action_logs l LEFT JOIN accounts a ON a.id = l.account_id
      WHERE l.target_type = 'Relay' AND l.action = ANY($1::varchar[])
        AND l.created_at >= $2::timestamptz AT TIME ZONE 'UTC'
      ORDER BY l.created_at LIMIT 500`,
    [RELAY_LOG_ACTIONS, fromIso],
  );
  return rows.map((l) => ({
    id: l.id,
    action: l.action,
    relayId: l.target_id,
    inboxUrl: l.human_identifier,
    at: l.created_at,
    by: l.username,
  }));
}

export async function readRelayCreations(db: pg.Pool): Promise<{ id: string; inboxUrl: string; createdAt: Date }[]> {
  const { rows } = await db.query<{ id: string; inbox_url: string; created_at: Date }>(
    "SELECT id::text AS id, inbox_url, created_at FROM relays",
  );
  return rows.map((r) => ({ id: r.id, inboxUrl: r.inbox_url, createdAt: r.created_at }));
}
