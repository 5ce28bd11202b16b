import "server-only";
import { currentSnapshot } from "@/lib/status/snapshot-cache";
import { measuredOf } from "@/lib/status/effective-state";
import { COMPONENT_STATES, type ComponentStatus, type StatusSnapshot } from "@/lib/shared/status-types";
import type { MetricFamily } from "./exposition";
import type { MetricsCollector } from "./collectors";

/**
 * The status page's component states, from the snapshot the worker publishes
 * (never a probe during a scrape), as the page shows them: an open incident
 * with major impact makes `up` 0 as it makes the page say "Outage". A
 * component that could not be measured has no `up` sample rather than a
 * false 0 or 1; one under maintenance has `state="maintenance"` and an `up`
 * from its reading (whether it answers during the work).
 */
export function statusFamilies(snapshot: StatusSnapshot | null, nowMs = Date.now()): MetricFamily[] {
  if (!snapshot?.generatedAt) return [];
  const up = (c: ComponentStatus): number | null => {
    const state = c.state === "maintenance" ? measuredOf(c).state : c.state;
    return state === "unknown" ? null : state === "outage" ? 0 : 1;
  };
  const families: MetricFamily[] = [
    {
      name: "mastodon_component_up",
      help:
        "Whether each part of the instance works (1: operational or degraded) or is down (0, also while an " +
        "open incident with major impact names it), as the status page shows it.",
      type: "gauge",
      samples: snapshot.components.flatMap((c) => {
        const value = up(c);
        return value === null ? [] : [{ labels: { component: c.id }, value }];
      }),
    },
    {
      name: "mastodon_component_state",
      help: "The status page's state of each component: 1 for its current state, 0 for the others.",
      type: "gauge",
      samples: snapshot.components.flatMap((c) =>
        COMPONENT_STATES.map((state) => ({ labels: { component: c.id, state }, value: c.state === state ? 1 : 0 })),
      ),
    },
    {
      name: "mastodon_probe_response_seconds",
      help:
        "Response time of the status probes (web and streaming health checks, database and Redis pings) in " +
        "the latest round.",
      type: "gauge",
      samples: snapshot.components
        .filter((c) => c.responseMs !== null)
        .map((c) => ({ labels: { component: c.id }, value: (c.responseMs as number) / 1000 })),
    },
    {
      name: "howdah_status_snapshot_age_seconds",
      help: "Seconds since the worker last took the status readings.",
      type: "gauge",
      samples: [{ value: Math.max(0, (nowMs - Date.parse(snapshot.generatedAt)) / 1000) }],
    },
  ];
  return families;
}

export const statusCollector: MetricsCollector = {
  name: "status",
  async collect(context) {
    return statusFamilies(await currentSnapshot(context));
  },
};
