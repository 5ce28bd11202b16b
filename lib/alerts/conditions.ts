import "server-only";
import { alertsForReading, readAlertFigures, sidekiqUnreachableAlert } from "@/lib/queues/alerts";
import type { ServerContext } from "@/lib/server/context";
import { readSnapshotFromStore } from "@/lib/status/snapshot-store";
import type { Store } from "@/lib/store/connection";
import type { FiringCondition } from "./notifier-state";
import { getRuleSettings } from "./rule-settings";
import { evaluateRules, readRuleSignals } from "./rules";

/**
 * What fires now, from the readings Howdah already takes. Every alert kind
 * is listed here:
 * - the queue alerts (lib/queues/alerts.ts): each queue's latency, retry and
 *   dead growth, no Sidekiq process while jobs wait, Sidekiq unreachable;
 * - the rules of lib/alerts/rules.ts: queue size, Sidekiq process count,
 *   disk fill forecast, ingress delay, pending blocklist subscription
 *   changes, the oldest unassigned report;
 * - each component of the status page that is degraded (warning) or down
 *   (critical), as members see it. Maintenance and "unknown" fire nothing:
 *   one is planned, the other already fires as "Sidekiq unreachable" or a
 *   component's outage.
 * One Sidekiq reading feeds both the queue alerts and the rules.
 */
export async function currentConditions(
  context: ServerContext,
  store: Store,
  now = new Date(),
): Promise<FiringCondition[]> {
  const [figures, snapshot, { settings: rules }] = await Promise.all([
    readAlertFigures(context),
    readSnapshotFromStore(store),
    getRuleSettings(store),
  ]);
  const [queueAlerts, signals] = await Promise.all([
    figures ? alertsForReading(context, figures) : [sidekiqUnreachableAlert()],
    readRuleSignals(context, store, figures, now),
  ]);
  const conditions: FiringCondition[] = queueAlerts.map((a) => ({
    id: a.id,
    severity: a.severity,
    title: a.title,
    message: a.message,
  }));
  conditions.push(...evaluateRules(signals, rules));
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
