import "server-only";
import { RELAY_STATES } from "@/lib/mastodon/relays/relay-rows";
import { readIncomingTotals } from "@/lib/store/relay-traffic-reads";
import type { MetricsCollector } from "./collectors";

/**
 * mastodon_relays{state}: Mastodon's relays table (a handful of rows, read
 * live). mastodon_incoming_statuses_total{source}: remote posts counted by
 * the relay traffic rollup since it started (hour rows are kept for good, so
 * the sum only grows, except when a recounted recent hour lost deleted posts).
 */
export const relaysCollector: MetricsCollector = {
  name: "relays",
  async collect(context) {
    const store = await context.store();
    const [byState, totals] = await Promise.all([context.mastodon.relays.countByState(), readIncomingTotals(store)]);
    return [
      {
        name: "mastodon_relays",
        help:
          "Relays configured in Mastodon, by state " +
          "(idle, pending = Follow sent and not answered, accepted = enabled, rejected).",
        type: "gauge",
        samples: RELAY_STATES.map((state) => ({ labels: { state }, value: byState[state] })),
      },
      {
        name: "mastodon_incoming_statuses_total",
        help:
          "Remote posts (reblogs excluded) counted by arrival: from accounts a local user follows, " +
          "and Howdah's estimate of relay-delivered posts (no local follower, no local mention or reply).",
        type: "counter",
        samples: [
          { labels: { source: "followed" }, value: totals.followed },
          { labels: { source: "relay_estimate" }, value: totals.relayEstimate },
        ],
      },
    ];
  },
};
