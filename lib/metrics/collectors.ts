import "server-only";
import type { ServerContext } from "@/lib/server/context";
import type { MetricFamily } from "./exposition";
import { federationCollector } from "./federation-collector";
import { instanceCollector } from "./instance-collector";
import { relaysCollector } from "./relays-collector";
import { reportsCollector } from "./reports-collector";
import { retentionCollector } from "./retention-collector";
import { sidekiqCollector } from "./sidekiq-collector";
import { statusCollector } from "./status-collector";
import { storageCollector } from "./storage-collector";

/**
 * Every area's metrics for /metrics, gathered in one place. A collector that
 * fails (its service is down) is skipped and reported through
 * howdah_collector_up, so one outage never blanks the whole scrape.
 */
export interface MetricsCollector {
  name: string;
  collect(context: ServerContext): Promise<MetricFamily[]>;
}

export const COLLECTORS: MetricsCollector[] = [
  instanceCollector,
  sidekiqCollector,
  statusCollector,
  storageCollector,
  relaysCollector,
  federationCollector,
  retentionCollector,
  reportsCollector,
];

export async function collectAll(context: ServerContext): Promise<MetricFamily[]> {
  const results = await Promise.allSettled(COLLECTORS.map((c) => c.collect(context)));
  const families = results.flatMap((r) => (r.status === "fulfilled" ? r.value : []));
  families.push({
    name: "howdah_collector_up",
    help: "Whether each of Howdah's metric collectors could read its source (1) or not (0).",
    type: "gauge",
    samples: COLLECTORS.map((c, i) => ({
      labels: { collector: c.name },
      value: results[i]!.status === "fulfilled" ? 1 : 0,
    })),
  });
  return families;
}
