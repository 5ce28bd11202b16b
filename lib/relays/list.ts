import "server-only";
import type { RelayState } from "@/lib/mastodon/relays/area";
import { trackerHost } from "@/lib/mastodon/relays/inbox-url";
import { relayActionsLogged } from "@/lib/mastodon/relays/relay-log";
import type { ServerContext } from "@/lib/server/context";
import { assertRelaysAvailable } from "./availability";

/**
 * The relays list: each relay's inbox, state and since when, the relay's
 * actor account, its host's delivery health, and which of Mastodon's own
 * buttons apply (Mastodon offers Disable on an enabled relay, Enable on an
 * idle or rejected one, nothing while it waits; Howdah also lets a waiting
 * relay be disabled, which cancels the Follow the same way).
 */
export interface RelayListItem {
  id: string;
  inboxUrl: string;
  host: string | null;
  state: RelayState;
  since: string;
  createdAt: string;
  actor: { accountId: string; acct: string } | null;
  health: { failureDays: number; lastFailure: string | null; unavailableSince: string | null } | null;
  canEnable: boolean;
  canDisable: boolean;
}

export interface RelayList {
  relays: RelayListItem[];
  writable: boolean;
  readOnlyReason: string | null;
  /** False on 4.3: Mastodon writes no admin_action_logs rows for relays before 4.4. */
  mastodonLogsRelayActions: boolean;
  healthProblem: string | null;
}

export async function listRelays(context: ServerContext): Promise<RelayList> {
  assertRelaysAvailable(context);
  const relays = context.mastodon.relays;
  const [version, rows] = await Promise.all([context.mastodon.version(), relays.list()]);
  const hosts = rows.map((r) => trackerHost(r.inboxUrl)).filter((h): h is string => h !== null);
  const [actors, health] = await Promise.all([
    relays.findActors(rows),
    relays.readDeliveryHealth(hosts).then(
      (value) => ({ value, problem: null as string | null }),
      (error: Error) => ({ value: null, problem: error.message }),
    ),
  ]);
  return {
    writable: version.writable,
    readOnlyReason: version.readOnlyReason,
    mastodonLogsRelayActions: relayActionsLogged(version.release),
    healthProblem: health.problem,
    relays: rows.map((r) => {
      const host = trackerHost(r.inboxUrl);
      const h = host ? health.value?.get(host) : undefined;
      const actor = actors.find((a) => a.relayId === r.id);
      return {
        id: r.id,
        inboxUrl: r.inboxUrl,
        host,
        state: r.state,
        since: r.updatedAt.toISOString(),
        createdAt: r.createdAt.toISOString(),
        actor: actor ? { accountId: actor.accountId, acct: actor.acct } : null,
        health: h
          ? {
              failureDays: h.failures.length,
              lastFailure: h.failures.at(-1) ?? null,
              unavailableSince: h.unavailableSince?.toISOString() ?? null,
            }
          : null,
        canEnable: r.state === "idle" || r.state === "rejected",
        canDisable: r.state === "accepted" || r.state === "pending",
      };
    }),
  };
}
