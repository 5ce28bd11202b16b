import "server-only";
import { z } from "zod";
import { parseDuration } from "@/lib/shared/duration";
import { processSingleton } from "@/lib/shared/process-singleton";
import { readAlertRuleSettings, writeAlertRuleSettings } from "@/lib/store/alerting";
import type { Store } from "@/lib/store/connection";

/**
 * Thresholds of the alert rules the Queues page does not hold (its latency
 * thresholds and growth settings stay there): each rule has a warning and a
 * critical level, either of which may be off (null). Counts are counts;
 * times are seconds, typed as people type them ("30d", "2h").
 *
 * - queueSize: jobs waiting in one queue (perQueue overrides the default);
 * - processesBelow: fewer live Sidekiq processes than this;
 * - diskFullWithin: the storage forecast's earliest "full" date is closer than this;
 * - ingressDelay: the oldest job in `ingress` (posts and activity from other
 *   servers) has waited this long; off by default, since the ingress
 *   latency threshold already covers it, for admins who want it apart;
 * - blocklistPending: blocklist subscription changes waiting for a decision;
 * - unassignedReportAge: the oldest open report nobody took has waited this long;
 * - critical: the critical level of the Queues page's rules, set apart
 *   from their warning (left out: four times the warning, as before).
 */
export interface Levels {
  warning: number | null;
  critical: number | null;
}

export interface AlertRuleSettings {
  queueSize: Levels & { perQueue: Record<string, Levels> };
  processesBelow: Levels;
  diskFullWithin: Levels;
  ingressDelay: Levels;
  blocklistPending: Levels;
  unassignedReportAge: Levels;
  critical: { latency: Record<string, number>; retryGrowth: number | null; deadGrowth: number | null };
}

const DAY = 86_400;
export const DEFAULT_RULE_SETTINGS: AlertRuleSettings = {
  queueSize: { warning: 10_000, critical: 100_000, perQueue: {} },
  processesBelow: { warning: null, critical: null },
  diskFullWithin: { warning: 30 * DAY, critical: 7 * DAY },
  ingressDelay: { warning: null, critical: null },
  blocklistPending: { warning: 1, critical: null },
  unassignedReportAge: { warning: DAY, critical: 3 * DAY },
  critical: { latency: {}, retryGrowth: null, deadGrowth: null },
};

const count = z.number({ error: "a count is a whole number." }).int().min(1).max(100_000_000).nullable();
const seconds = (max: number) =>
  z
    .union([z.number(), z.string()], { error: "give a time like 90s, 5m, 2h or 30d." })
    .transform((value, ctx) => {
      const s = typeof value === "number" ? (Number.isInteger(value) ? value : null) : parseDuration(value);
      if (s === null || s < 1 || s > max) {
        ctx.addIssue({
          code: "custom",
          message: `"${value}" is not a time between 1s and ${max / DAY}d (write it like 90s, 5m, 2h or 30d).`,
        });
        return z.NEVER;
      }
      return s;
    })
    .nullable();

/** Warning must come before critical: a critical level the warning has not reached yet is refused. */
const ordered = (higherIsWorse: boolean) =>
  [
    ({ warning, critical }: Levels) =>
      warning === null || critical === null || (higherIsWorse ? critical >= warning : critical <= warning),
    {
      message: higherIsWorse
        ? "the critical level must be at or above the warning level."
        : "the critical level must be at or below the warning level.",
    },
  ] as const;
const countLevels = (higherIsWorse: boolean) =>
  z.object({ warning: count, critical: count }).refine(...ordered(higherIsWorse));
const timeLevels = (max: number, higherIsWorse: boolean) =>
  z.object({ warning: seconds(max), critical: seconds(max) }).refine(...ordered(higherIsWorse));

const queueName = z.string().regex(/^[^\s*?[\]]{1,200}$/, "queue names have no spaces or wildcards");

export const ruleSettingsInput = z.object({
  queueSize: countLevels(true).and(z.object({ perQueue: z.record(queueName, countLevels(true)).default({}) })),
  processesBelow: countLevels(false),
  diskFullWithin: timeLevels(365 * DAY, false),
  ingressDelay: timeLevels(7 * DAY, true),
  blocklistPending: countLevels(true),
  unassignedReportAge: timeLevels(90 * DAY, true),
  critical: z.object({
    latency: z.record(queueName, seconds(28 * DAY).unwrap()).default({}),
    retryGrowth: count,
    deadGrowth: count,
  }),
});
export type RuleSettingsRequest = z.input<typeof ruleSettingsInput>;

// One per process, like the Queues page's settings (alert-settings.ts): a
// save through the API route must reach the worker's and the pages' readers.
const cache = processSingleton("alert-rule-settings", () => new WeakMap<Store, { at: number; value: StoredRules }>());
const CACHE_MS = 10_000;

export interface StoredRules {
  settings: AlertRuleSettings;
  updatedAt: string | null;
  updatedBy: string | null;
}

export async function getRuleSettings(store: Store): Promise<StoredRules> {
  const hit = cache.get(store);
  if (hit && Date.now() - hit.at < CACHE_MS) return hit.value;
  const row = await readAlertRuleSettings(store);
  // Stored settings are read through the same schema: defaults fill a rule
  // added after they were saved, and a row that no longer parses falls back.
  const merged = row ? ruleSettingsInput.safeParse({ ...DEFAULT_RULE_SETTINGS, ...(row.settings as object) }) : null;
  const value: StoredRules = {
    settings: merged?.success ? merged.data : DEFAULT_RULE_SETTINGS,
    updatedAt: row?.updatedAt.toISOString() ?? null,
    updatedBy: row?.updatedBy ?? null,
  };
  cache.set(store, { at: Date.now(), value });
  return value;
}

export async function saveRuleSettings(store: Store, settings: AlertRuleSettings, by: string): Promise<StoredRules> {
  await writeAlertRuleSettings(store, settings, by);
  cache.delete(store);
  return getRuleSettings(store);
}
