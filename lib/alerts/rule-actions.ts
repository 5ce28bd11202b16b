import "server-only";
import type { ServerContext } from "@/lib/server/context";
import { RULE_FIELDS, type AlertRulesView, type RuleKey } from "@/lib/shared/alerting-types";
import { durationText } from "@/lib/shared/duration";
import { recordAudit } from "@/lib/store/audit";
import type { Actor } from "./alerting-actions";
import { getRuleSettings, saveRuleSettings, type AlertRuleSettings, type StoredRules } from "./rule-settings";

/**
 * The Alerts page's rule thresholds: read, and replaced as a whole (the form
 * sends every rule). A save that changes nothing writes and records nothing;
 * a real one is audited with the settings before and after.
 */
export async function alertRules(context: ServerContext): Promise<StoredRules> {
  return getRuleSettings(await context.store());
}

export async function setAlertRules(
  context: ServerContext,
  input: AlertRuleSettings,
  actor: Actor,
): Promise<StoredRules & { changed: boolean }> {
  const store = await context.store();
  const before = await getRuleSettings(store);
  if (JSON.stringify(before.settings) === JSON.stringify(input)) return { ...before, changed: false };
  const after = await saveRuleSettings(store, input, actor.acct);
  await recordAudit(store, {
    actor,
    ip: actor.ip ?? null,
    action: "alerts.rules.update",
    targetType: "alert_rules",
    target: "rules",
    details: { from: before.settings, to: after.settings },
  });
  return { ...after, changed: true };
}

/** The rules as the Alerts page's form shows them: counts as numbers, times as "30d", off as "". */
export function rulesView({ settings, updatedAt, updatedBy }: StoredRules): AlertRulesView {
  const text = (value: number | null, unit: "count" | "time") =>
    value === null ? "" : unit === "time" ? durationText(value) : String(value);
  const levels = Object.fromEntries(
    RULE_FIELDS.map(({ key, unit }) => {
      const l = settings[key];
      return [key, { warning: text(l.warning, unit), critical: text(l.critical, unit) }];
    }),
  ) as Record<RuleKey, { warning: string; critical: string }>;
  return {
    levels,
    perQueueSize: settings.queueSize.perQueue,
    criticalLatency: Object.entries(settings.critical.latency)
      .map(([queue, seconds]) => `${queue}=${durationText(seconds)}`)
      .join(", "),
    criticalRetryGrowth: text(settings.critical.retryGrowth, "count"),
    criticalDeadGrowth: text(settings.critical.deadGrowth, "count"),
    updatedAt,
    updatedBy,
  };
}
