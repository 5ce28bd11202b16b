import type pg from "pg";
import type { Store } from "@/lib/store/connection";

/**
 * Where a relay was switched on or off, for the before/after charts:
 * - Mastodon's admin_action_logs (target_type Relay, 4.4+): create and enable
 *   mark "on" (a Follow was sent; posts flow once the relay accepts),
 *   disable and destroy mark "off";
 * - Howdah's own audit log (relay.*), which is the only record on 4.3 and of
 *   actions taken through Howdah; entries that wrote an admin_action_logs row
 *   already shown are skipped;
 * - for relays added before either kept a record, the relay row's created_at.
 */
export interface RelayMarker {
  at: string;
  action: "create" | "enable" | "disable" | "destroy";
  on: boolean;
  inboxUrl: string;
  by: string | null;
  source: "mastodon" | "howdah" | "relay row";
}

const ACTIONS = ["create", "enable", "disable", "destroy"] as const;
type Action = (typeof ACTIONS)[number];
const isOn = (a: Action) => a === "create" || a === "enable";

export async function readRelayMarkers(db: pg.Pool, store: Store, fromMs: number): Promise<RelayMarker[]> {
  const from = new Date(fromMs).toISOString();
  const [logs, audit, relays] = await Promise.all([
    db.query<{
      id: string;
      action: Action;
      target_id: string | null;
      human_identifier: string | null;
      created_at: Date;
      username: string | null;
    }>(
      `SELECT l.id::text AS id, l.action, l.target_id::text AS target_id, l.human_identifier, l.created_at, a.username
         FROM admin_action_logs l LEFT JOIN accounts a ON a.id = l.account_id
        WHERE l.target_type = 'Relay' AND l.action = ANY($1::varchar[]) AND l.created_at >= $2::timestamptz AT TIME ZONE 'UTC'
        ORDER BY l.created_at LIMIT 500`,
      [ACTIONS, from],
    ),
    store.pool.query<{
      action: string;
      target: string | null;
      actor_acct: string | null;
      created_at: Date;
      details: { actionLogIds?: string[]; relayId?: string } | null;
    }>(
      `SELECT action, target, actor_acct, created_at, details FROM howdah.audit_log
        WHERE action = ANY($1::text[]) AND outcome = 'ok' AND created_at >= $2 ORDER BY created_at LIMIT 500`,
      [ACTIONS.map((a) => `relay.${a}`), from],
    ),
    db.query<{ id: string; inbox_url: string; created_at: Date }>(
      "SELECT id::text AS id, inbox_url, created_at FROM relays",
    ),
  ]);
  const markers: RelayMarker[] = logs.rows.map((l) => ({
    at: l.created_at.toISOString(),
    action: l.action,
    on: isOn(l.action),
    inboxUrl: l.human_identifier ?? `relay #${l.target_id}`,
    by: l.username,
    source: "mastodon",
  }));
  const shownLogIds = new Set(logs.rows.map((l) => l.id));
  const loggedRelayIds = new Set(logs.rows.map((l) => l.target_id));
  for (const a of audit.rows) {
    const action = a.action.slice("relay.".length) as Action;
    if ((a.details?.actionLogIds ?? []).some((id) => shownLogIds.has(id))) continue;
    if (a.details?.relayId) loggedRelayIds.add(a.details.relayId);
    markers.push({
      at: a.created_at.toISOString(),
      action,
      on: isOn(action),
      inboxUrl: a.target ?? "a relay",
      by: a.actor_acct,
      source: "howdah",
    });
  }
  for (const r of relays.rows) {
    if (r.created_at.getTime() < fromMs || loggedRelayIds.has(r.id)) continue;
    markers.push({
      at: r.created_at.toISOString(),
      action: "create",
      on: true,
      inboxUrl: r.inbox_url,
      by: null,
      source: "relay row",
    });
  }
  return markers.sort((a, b) => a.at.localeCompare(b.at));
}
