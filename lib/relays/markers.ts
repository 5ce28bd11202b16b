import "server-only";
import { RELAY_LOG_ACTIONS, type RelayLogAction } from "@/lib/mastodon/relays/relay-log";
import type { ServerContext } from "@/lib/server/context";
import type { Store } from "@/lib/store/connection";
import { readRelayAuditEntries } from "@/lib/store/relay-audit";

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

const ACTIONS = RELAY_LOG_ACTIONS;
type Action = RelayLogAction;
const isOn = (a: Action) => a === "create" || a === "enable";

export async function readRelayMarkers(context: ServerContext, store: Store, fromMs: number): Promise<RelayMarker[]> {
  const from = new Date(fromMs).toISOString();
  const [history, audit] = await Promise.all([
    context.mastodon.relays.readHistory(fromMs),
    readRelayAuditEntries(
      store,
      ACTIONS.map((a) => `relay.${a}`),
      from,
    ),
  ]);
  const markers: RelayMarker[] = history.log.map((l) => ({
    at: l.at.toISOString(),
    action: l.action,
    on: isOn(l.action),
    inboxUrl: l.inboxUrl ?? `relay #${l.relayId}`,
    by: l.by,
    source: "mastodon",
  }));
  const shownLogIds = new Set(history.log.map((l) => l.id));
  const loggedRelayIds = new Set(history.log.map((l) => l.relayId));
  for (const a of audit) {
    const action = a.action.slice("relay.".length) as Action;
    if ((a.details?.actionLogIds ?? []).some((id) => shownLogIds.has(id))) continue;
    if (a.details?.relayId) loggedRelayIds.add(a.details.relayId);
    markers.push({
      at: a.createdAt.toISOString(),
      action,
      on: isOn(action),
      inboxUrl: a.target ?? "a relay",
      by: a.actorAcct,
      source: "howdah",
    });
  }
  for (const r of history.relays) {
    if (r.createdAt.getTime() < fromMs || loggedRelayIds.has(r.id)) continue;
    markers.push({
      at: r.createdAt.toISOString(),
      action: "create",
      on: true,
      inboxUrl: r.inboxUrl,
      by: null,
      source: "relay row",
    });
  }
  return markers.sort((a, b) => a.at.localeCompare(b.at));
}
