import "server-only";
import { listActiveAlerts } from "@/lib/queues/alerts";
import type { ServerContext } from "@/lib/server/context";
import { readSnapshotFromStore } from "@/lib/status/snapshot-store";
import type { Store } from "@/lib/store/connection";
import type { FiringCondition } from "./notifier-state";

/**
 * What fires now, from the readings Howdah already takes: the queue alerts
 * (each queue's latency at warning and critical, retry and dead growth, no
 * Sidekiq process while jobs wait, Sidekiq unreachable: lib/queues/alerts.ts)
 * and each component of the status page that is degraded (warning) or down
 * (critical), as members see it. Maintenance and "unknown" fire nothing:
 * one is planned, the other already fires as "Sidekiq unreachable" or a
 * component's outage.
 */
export async function currentConditions(context: ServerContext, store: Store): Promise<FiringCondition[]> {
  const [queueAlerts, snapshot] = await Promise.all([listActiveAlerts(context), readSnapshotFromStore(store)]);
  const conditions: FiringCondition[] = queueAlerts.map((a) => ({
    id: a.id,
    severity: a.severity,
    title: a.title,
    message: a.message,
  }));
  for (const c of snapshot?.components ?? []) {
    if (c.state !== "degraded" && c.state !== "outage") continue;
    conditions.push({
      id: `component:${c.id}`,
      severity: c.state === "outage" ? "critical" : "warning",
      title: `${c.name}: ${c.state === "outage" ? "outage" : "degraded"}`,
      message: c.message,
    });
  }
  return conditions;
}
