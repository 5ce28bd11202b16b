import "server-only";
import type { ServerContext } from "@/lib/server/context";
import { recordAudit } from "@/lib/store/audit";
import type { ActionActor } from "./actions";
import {
  DEFAULT_GROWTH,
  effectiveChanges,
  DEFAULT_LATENCY_THRESHOLDS,
  getAlertSettings,
  OTHER_QUEUE_THRESHOLD,
  updateAlertSettings,
  type AlertSettings,
  type AlertSettingsInput,
} from "./alert-settings";
import { listActiveAlerts, type QueueAlert } from "./alerts";
import { forgetSharedSummaries } from "./summary-share";

/** What the Queues page's alert panel and threshold editor show. */
export interface AlertsView {
  alerts: QueueAlert[];
  settings: AlertSettings;
  defaults: { thresholds: Record<string, number>; otherQueues: number; growth: typeof DEFAULT_GROWTH };
}

export async function getAlertsView(context: ServerContext): Promise<AlertsView> {
  const [alerts, settings] = await Promise.all([listActiveAlerts(context), context.store().then(getAlertSettings)]);
  return {
    alerts,
    settings,
    defaults: {
      thresholds: { ...DEFAULT_LATENCY_THRESHOLDS },
      otherQueues: OTHER_QUEUE_THRESHOLD,
      growth: DEFAULT_GROWTH,
    },
  };
}

/**
 * Saves what the admin changed and records it in the audit log. A save that
 * changes nothing (an empty body, or values already in force) writes nothing
 * and records nothing, and says so.
 */
export async function saveAlertSettings(
  context: ServerContext,
  actor: ActionActor,
  input: AlertSettingsInput,
): Promise<AlertsView & { changed: boolean; message: string }> {
  const store = await context.store();
  const changes = effectiveChanges(await getAlertSettings(store), input);
  if (!changes) {
    return {
      ...(await getAlertsView(context)),
      changed: false,
      message: "Nothing changed: these thresholds were already in force.",
    };
  }
  await updateAlertSettings(store, changes, actor.staff.acct);
  forgetSharedSummaries(); // the next poll shows the new thresholds
  await recordAudit(store, {
    actor: { accountId: actor.staff.accountId, acct: actor.staff.acct },
    action: "queues.update_alert_thresholds",
    targetType: "queue_alert_settings",
    details: { thresholds: changes.thresholds, growth: changes.growth ?? null },
    ip: actor.ip,
  });
  return {
    ...(await getAlertsView(context)),
    changed: true,
    message: "Saved. The new thresholds apply from now on.",
  };
}
