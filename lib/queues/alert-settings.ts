import "server-only";
import { processSingleton } from "@/lib/shared/process-singleton";
import { z } from "zod";
import { parseDuration } from "@/lib/shared/duration";
import { readAlertSettings, writeAlertSettings, type StoredAlertSettings } from "@/lib/store/alert-settings";
import type { Store } from "@/lib/store/connection";

/**
 * Backlog alert thresholds: Howdah's defaults for Mastodon's queues, and the
 * changes an admin made on the Queues page (kept in Howdah's store, so they
 * apply at once, without a restart).
 *
 * Defaults follow what each queue means to people on the server: `default`
 * carries home timelines and notifications (a minute late is noticed),
 * `push` and `ingress` federation out and in, `mailers` sign-up and password
 * e-mails, `pull` link previews, media and thread fetches (slow is normal).
 */
export const DEFAULT_LATENCY_THRESHOLDS: Readonly<Record<string, number>> = {
  default: 60,
  push: 300,
  ingress: 300,
  mailers: 300,
  pull: 1800,
  scheduler: 600,
  fasp: 1800,
};
/** For queues Mastodon does not define (plugins, forks). */
export const OTHER_QUEUE_THRESHOLD = 600;

export const DEFAULT_GROWTH = {
  retryGrowth: 500,
  retryWindowMinutes: 15,
  deadGrowth: 100,
  deadWindowMinutes: 60,
} as const;

export interface AlertSettings {
  /** Changed thresholds only, queue → seconds. */
  overrides: Record<string, number>;
  growth: { retryGrowth: number; retryWindowMinutes: number; deadGrowth: number; deadWindowMinutes: number };
  updatedAt: string | null;
  updatedBy: string | null;
}

export const DEFAULT_ALERT_SETTINGS: AlertSettings = {
  overrides: {},
  growth: { ...DEFAULT_GROWTH },
  updatedAt: null,
  updatedBy: null,
};

export function latencyThreshold(settings: AlertSettings, queue: string): number {
  return settings.overrides[queue] ?? DEFAULT_LATENCY_THRESHOLDS[queue] ?? OTHER_QUEUE_THRESHOLD;
}

export const queueNameSchema = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[^\s*?[\]]+$/, "queue names have no spaces or wildcards");

const THRESHOLD_LIMIT = "between 1s and 7d, written like 90s, 5m or 2h.";
const thresholdValue = z
  .union([z.number(), z.string()], { error: `a threshold is ${THRESHOLD_LIMIT}` })
  .transform((value, ctx) => {
    const seconds = typeof value === "number" ? (Number.isInteger(value) ? value : null) : parseDuration(value);
    if (seconds === null || seconds < 1 || seconds > 7 * 86_400) {
      ctx.addIssue({ code: "custom", message: `"${value}" is not a threshold: give one ${THRESHOLD_LIMIT}` });
      return z.NEVER;
    }
    return seconds;
  });

export const alertSettingsInput = z.object({
  /**
   * Queue → seconds, or a duration as people type it ("5m", "2h"); null puts
   * a queue back on Howdah's default.
   */
  thresholds: z.record(queueNameSchema, thresholdValue.nullable()).default({}),
  growth: z
    .object({
      retryGrowth: z.number().int().min(1).max(10_000_000),
      retryWindowMinutes: z.number().int().min(1).max(1440),
      deadGrowth: z.number().int().min(1).max(10_000_000),
      deadWindowMinutes: z.number().int().min(1).max(1440),
    })
    .optional(),
});
export type AlertSettingsInput = z.infer<typeof alertSettingsInput>;
/** What a client sends: thresholds may still be typed durations ("5m"). */
export type AlertSettingsRequest = z.input<typeof alertSettingsInput>;

// One per process (process-singleton.ts): Next bundles each route separately,
// so a module-level cache would exist once per bundle, and a save through the
// API route would clear its own copy while the Queues page kept serving the old thresholds.
const cache = processSingleton("alert-settings", () => new WeakMap<Store, { at: number; value: AlertSettings }>());
const CACHE_MS = 10_000;

const withoutStamp = ({ updatedAt: _at, updatedBy: _by, ...values }: NonNullable<StoredAlertSettings["growth"]>) =>
  values;

export async function getAlertSettings(store: Store): Promise<AlertSettings> {
  const hit = cache.get(store);
  if (hit && Date.now() - hit.at < CACHE_MS) return hit.value;
  const { thresholds: rows, growth } = await readAlertSettings(store);
  const latest = [
    ...rows.map((r) => ({ at: r.updatedAt, by: r.updatedBy })),
    ...(growth ? [{ at: growth.updatedAt, by: growth.updatedBy }] : []),
  ].sort((a, b) => b.at.getTime() - a.at.getTime())[0];
  const value: AlertSettings = {
    overrides: Object.fromEntries(rows.map((r) => [r.queue, r.thresholdSeconds])),
    growth: growth ? withoutStamp(growth) : { ...DEFAULT_GROWTH },
    updatedAt: latest?.at.toISOString() ?? null,
    updatedBy: latest?.by ?? null,
  };
  cache.set(store, { at: Date.now(), value });
  return value;
}

/**
 * Only what `input` would actually change in `current`: a threshold set to
 * what is already in force (or to the default when there is no override),
 * and growth settings equal to the stored ones, are left out. Null when
 * nothing would change, so an empty or repeated save is not recorded as one.
 */
export function effectiveChanges(current: AlertSettings, input: AlertSettingsInput): AlertSettingsInput | null {
  const thresholds = Object.fromEntries(
    Object.entries(input.thresholds).filter(([queue, seconds]) => {
      const fallback = DEFAULT_LATENCY_THRESHOLDS[queue] ?? OTHER_QUEUE_THRESHOLD;
      const override = seconds === null || seconds === fallback ? null : seconds;
      return override !== (current.overrides[queue] ?? null);
    }),
  );
  const growth =
    input.growth &&
    (Object.keys(input.growth) as (keyof AlertSettings["growth"])[]).some((k) => input.growth![k] !== current.growth[k])
      ? input.growth
      : undefined;
  if (Object.keys(thresholds).length === 0 && !growth) return null;
  return { thresholds, ...(growth ? { growth } : {}) };
}

/** Applies the changes in one transaction. A threshold equal to the default is stored as "no override". */
export async function updateAlertSettings(
  store: Store,
  input: AlertSettingsInput,
  actorAcct: string,
): Promise<AlertSettings> {
  const thresholds = Object.entries(input.thresholds).map(([queue, seconds]) => {
    const fallback = DEFAULT_LATENCY_THRESHOLDS[queue] ?? OTHER_QUEUE_THRESHOLD;
    return { queue, seconds: seconds === fallback ? null : seconds };
  });
  await writeAlertSettings(store, { thresholds, growth: input.growth }, actorAcct);
  cache.delete(store);
  return getAlertSettings(store);
}
