import "server-only";
import type { ServerContext } from "@/lib/server/context";
import {
  type AlertStateRow,
  listActiveSilences,
  listContactPoints,
  readAlertStates,
  recordContactPointResult,
  replaceAlertStates,
} from "@/lib/store/alerting";
import { currentConditions } from "./conditions";
import { contactPointInput } from "./contact-point-input";
import type { AlertNotification } from "./notification";
import { advance, markTold, type FiringCondition } from "./notifier-state";
import { getNotifyPolicy } from "./policy";
import { sendNotification, type SendOptions } from "./send";

/**
 * One cycle of the worker's alerting (lib/jobs/definitions/evaluate-alerts.ts):
 * what fires now → the notifier's rules → a message to every contact point →
 * each point's outcome recorded (its last failure is shown on the Alerts
 * page) → the new states saved. A firing message that reached no contact
 * point stays untold, so the next cycle sends it again.
 */
export interface CycleResult {
  firing: number;
  pending: number;
  sent: number;
  failed: number;
}

export async function runAlertCycle(
  context: ServerContext,
  now = new Date(),
  options: Partial<SendOptions> & { conditions?: FiringCondition[] } = {},
): Promise<CycleResult> {
  const store = await context.store();
  const [conditions, previous, policy, silences, points] = await Promise.all([
    options.conditions ?? currentConditions(context, store),
    readAlertStates(store),
    getNotifyPolicy(store),
    listActiveSilences(store, now),
    listContactPoints(store),
  ]);
  const { states, outgoing } = advance(
    previous,
    conditions,
    policy,
    silences.map((s) => ({ matcher: s.matcher, endsAt: s.endsAt.toISOString() })),
    now,
  );
  const told = new Set<string>();
  let sent = 0;
  let failed = 0;
  for (const { status, alert } of outgoing) {
    const n = notificationFor(context, status, alert, now);
    for (const point of points) {
      const parsed = contactPointInput.safeParse(point.settings);
      if (!parsed.success) continue;
      const result = await sendNotification(parsed.data, n, { smtp: context.config.mastodon.smtp, ...options });
      await recordContactPointResult(store, point.id, result, now);
      if (result.ok) {
        sent++;
        told.add(alert.id);
      } else failed++;
    }
  }
  const next = markTold(states, told, now);
  // Most cycles change nothing (the same alerts still firing, no one told
  // again): the rewrite of every row is then skipped, the largest cost of a
  // quiet cycle after the readings.
  if (!sameStates(previous, next)) await replaceAlertStates(store, next);
  return {
    firing: next.filter((s) => s.state === "firing").length,
    pending: next.filter((s) => s.state === "pending").length,
    sent,
    failed,
  };
}

/** Whether two lists of states say the same, whatever their order (the store's comes sorted by alert id). */
export function sameStates(a: readonly AlertStateRow[], b: readonly AlertStateRow[]): boolean {
  if (a.length !== b.length) return false;
  const byId = new Map(a.map((row) => [row.id, row]));
  const fields = ["state", "severity", "title", "message", "since", "notifiedAt", "notifiedSeverity"] as const;
  return b.every((row) => {
    const old = byId.get(row.id);
    return old !== undefined && fields.every((f) => old[f] === row[f]);
  });
}

export function notificationFor(
  context: ServerContext,
  status: AlertNotification["status"],
  alert: FiringCondition & { since?: string },
  now: Date,
): AlertNotification {
  return {
    status,
    alertId: alert.id,
    severity: alert.severity,
    title: alert.title,
    message: alert.message,
    since: alert.since ?? now.toISOString(),
    at: now.toISOString(),
    instance: context.config.mastodon.localDomain,
    link: new URL("/alerts", context.config.howdah.publicUrl).toString(),
  };
}
