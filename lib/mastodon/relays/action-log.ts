import type pg from "pg";
import type { MastodonRelease } from "@/lib/mastodon/version";

/**
 * The admin_action_logs rows Mastodon's Admin::RelaysController writes
 * (`log_action :create | :enable | :disable | :destroy, @relay`).
 *
 * Mastodon started logging relay actions in 4.4 (PR #32819, "Add audit
 * logging to Relays"): at v4.3.23 the controller has no log_action calls,
 * Relay has no to_log_human_identifier, and 4.3's audit log page has no
 * wording for them. So on 4.3 Howdah writes no row, exactly like Mastodon,
 * and keeps the record in its own audit log only.
 *
 * Row shape (Admin::ActionLog at v4.6.5): account_id = the acting staff
 * account (NOT NULL from 4.4), target_type 'Relay', target_id the relay's id
 * (kept after destroy), human_identifier = inbox_url, route_param and
 * permalink NULL (Relay defines neither), created_at = updated_at, in UTC.
 */
/** Rails' Time.now.utc for a timestamp-without-time-zone column, whatever the session's TimeZone. */
export const UTC_NOW = "(clock_timestamp() AT TIME ZONE 'UTC')";

export type RelayLogAction = "create" | "enable" | "disable" | "destroy";

export function mastodonLogsRelayActions(release: MastodonRelease | null): boolean {
  return release !== null && release !== "4.3";
}

export async function logRelayAction(
  client: pg.PoolClient,
  release: MastodonRelease | null,
  entry: { accountId: string; action: RelayLogAction; relayId: string; inboxUrl: string },
): Promise<string | null> {
  if (!mastodonLogsRelayActions(release)) return null;
  const { rows } = await client.query<{ id: string }>(
    `INSERT INTO admin_action_logs (account_id, action, target_type, target_id, human_identifier, route_param, permalink, created_at, updated_at)
     SELECT $1, $2, 'Relay', $3, $4, NULL, NULL, t.at, t.at FROM (SELECT ${UTC_NOW} AS at) t
     RETURNING id::text AS id`,
    [entry.accountId, entry.action, entry.relayId, entry.inboxUrl],
  );
  return rows[0]!.id;
}
