import "server-only";
import type pg from "pg";
import { trackerHost } from "./inbox-url";
import type { RelayRow } from "./relay-rows";

/**
 * The remote account a relay signs its deliveries with. Mastodon knows a
 * relay's actor only by the inbox: ActivityPub::Activity#requested_through_relay?
 * looks up `Relay.find_by(inbox_url: actor.inbox_url)`, so the actor of a
 * relay is the account whose inbox_url equals relays.inbox_url. accounts has
 * no index on inbox_url; the actor lives on the relay's host, so the lookup
 * goes through the (domain, id) index first.
 */
export interface RelayActor {
  relayId: string;
  accountId: string;
  acct: string;
}

export async function findRelayActors(db: pg.Pool, relays: RelayRow[]): Promise<RelayActor[]> {
  const hosts = [...new Set(relays.map((r) => trackerHost(r.inboxUrl)).filter((h): h is string => h !== null))];
  if (hosts.length === 0) return [];
  const { rows } = await db.query<{ id: string; username: string; domain: string; inbox_url: string }>(
    `SELECT id::text AS id, username, domain, inbox_url FROM accounts
      WHERE domain = ANY($1::varchar[]) AND inbox_url = ANY($2::varchar[])`,
    [hosts, relays.map((r) => r.inboxUrl)],
  );
  return relays.flatMap((relay) =>
    rows
      .filter((a) => a.inbox_url === relay.inboxUrl)
      .map((a) => ({ relayId: relay.id, accountId: a.id, acct: `${a.username}@${a.domain}` })),
  );
}
