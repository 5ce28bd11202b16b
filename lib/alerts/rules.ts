import "server-only";
import type { AlertFigures } from "@/lib/queues/alerts";
import type { ServerContext } from "@/lib/server/context";
import { formatDuration } from "@/lib/shared/duration";
import type { StorageForecast } from "@/lib/storage/forecast";
import { getStorageForecast } from "@/lib/storage/forecast";
import { countPendingChanges } from "@/lib/store/blocklist-subscriptions";
import type { Store } from "@/lib/store/connection";
import type { FiringCondition } from "./notifier-state";
import type { AlertRuleSettings, Levels } from "./rule-settings";

/**
 * The alert rules beyond the queue alerts (lib/queues/alerts.ts): queue size,
 * Sidekiq process count, disk fill forecast, ingress delay, pending blocklist
 * changes and the oldest unassigned report. `readRuleSignals` takes the
 * readings Howdah already has; `evaluateRules` (pure) says what fires.
 */
export interface RuleSignals {
  /** The Sidekiq reading the queue alerts used (null: Sidekiq unreachable, which fires on its own). */
  sidekiq: Pick<AlertFigures, "queues" | "processes"> | null;
  /** Seconds until the forecast's earliest "full" date; 0 when full already; null when nothing is forecast. */
  diskFullInSeconds: number | null;
  blocklistPending: number | null;
  /** Seconds the oldest open, unassigned report has waited; null when there is none. */
  unassignedReportAge: number | null;
}

const n = new Intl.NumberFormat("en");
type Severity = FiringCondition["severity"];

/** Critical when the critical level is reached, else warning when the warning level is; null levels are off. */
function levelOf(value: number | null, levels: Levels, higherIsWorse: boolean): Severity | null {
  if (value === null) return null;
  const reached = (limit: number | null) => limit !== null && (higherIsWorse ? value >= limit : value < limit);
  if (reached(levels.critical)) return "critical";
  if (reached(levels.warning)) return "warning";
  return null;
}

const limitOf = (levels: Levels, severity: Severity) =>
  severity === "critical" ? levels.critical! : (levels.warning ?? levels.critical!);

export function evaluateRules(signals: RuleSignals, rules: AlertRuleSettings): FiringCondition[] {
  const out: FiringCondition[] = [];
  const fire = (id: string, severity: Severity | null, title: string, message: (s: Severity) => string) => {
    if (severity) out.push({ id, severity, title, message: message(severity) });
  };

  for (const q of signals.sidekiq?.queues ?? []) {
    const levels = rules.queueSize.perQueue[q.name] ?? rules.queueSize;
    fire(
      `queue-size:${q.name}`,
      levelOf(q.size, levels, true),
      `Queue ${q.name}: ${n.format(q.size ?? 0)} jobs waiting`,
      (s) =>
        `${n.format(q.size ?? 0)} jobs are waiting in the ${q.name} queue ` +
        `(${s} at ${n.format(limitOf(levels, s))}).`,
    );
    if (q.name === "ingress" && q.size) {
      fire(
        "ingress-delay",
        levelOf(q.latency, rules.ingressDelay, true),
        `Incoming federation ${formatDuration(q.latency ?? 0)} late`,
        (s) =>
          `Posts and activity from other servers reach this server ${formatDuration(q.latency ?? 0)} late ` +
          `(${s} at ${formatDuration(limitOf(rules.ingressDelay, s))}).`,
      );
    }
  }

  const processes = signals.sidekiq?.processes ?? null;
  fire(
    "process-count",
    levelOf(processes, rules.processesBelow, false),
    `${n.format(processes ?? 0)} Sidekiq processes running`,
    (s) =>
      `Only ${n.format(processes ?? 0)} Sidekiq processes are running; ${s} below ` +
      `${n.format(limitOf(rules.processesBelow, s))}.`,
  );

  const disk = signals.diskFullInSeconds;
  fire(
    "disk-fill",
    levelOf(disk, rules.diskFullWithin, false),
    disk === 0 ? "Media storage is full" : `Media storage full in about ${formatDuration(disk ?? 0)}`,
    (s) =>
      (disk === 0
        ? "Media storage has reached its capacity"
        : `At the current rate media storage may be full in ${formatDuration(disk ?? 0)}`) +
      ` (${s} within ${formatDuration(limitOf(rules.diskFullWithin, s))}).`,
  );

  const pending = signals.blocklistPending;
  fire(
    "blocklist-pending",
    levelOf(pending, rules.blocklistPending, true),
    `${n.format(pending ?? 0)} blocklist changes waiting`,
    (s) =>
      `${n.format(pending ?? 0)} changes from blocklist subscriptions are waiting for a decision ` +
      `(${s} at ${n.format(limitOf(rules.blocklistPending, s))}).`,
  );

  const age = signals.unassignedReportAge;
  fire(
    "report-unassigned",
    levelOf(age, rules.unassignedReportAge, true),
    `A report has waited ${formatDuration(age ?? 0)} for a moderator`,
    (s) =>
      `The oldest open report nobody has taken has waited ${formatDuration(age ?? 0)} ` +
      `(${s} after ${formatDuration(limitOf(rules.unassignedReportAge, s))}).`,
  );
  return out;
}

/** Seconds until the forecast's earliest "full" date (0 when full now), null when it does not say it fills. */
export function secondsUntilFull(forecast: StorageForecast, now: Date): number | null {
  if (forecast.status === "full") return 0;
  if (forecast.status !== "fills" || !forecast.fullOn) return null;
  return Math.max(0, Math.round((Date.parse(`${forecast.fullOn.earliest}T00:00:00Z`) - now.getTime()) / 1000));
}

/**
 * The readings the rules need. A reading that fails (Mastodon's database
 * away, no forecast yet) gives null for its rule and leaves the others:
 * one broken source must not silence every alert.
 */
export async function readRuleSignals(
  context: ServerContext,
  store: Store,
  sidekiq: RuleSignals["sidekiq"],
  now = new Date(),
): Promise<RuleSignals> {
  const orNull = <T>(p: Promise<T>) => p.catch(() => null);
  const [forecast, pending, reports] = await Promise.all([
    orNull(getStorageForecast(context)),
    orNull(countPendingChanges(store)),
    orNull(context.mastodon.reports.readOpenFigures()),
  ]);
  const oldest = reports?.oldestUnassignedAt;
  return {
    sidekiq,
    diskFullInSeconds: forecast ? secondsUntilFull(forecast, now) : null,
    blocklistPending: pending ? Object.values(pending).reduce((a, b) => a + b, 0) : null,
    unassignedReportAge: oldest ? Math.max(0, Math.round((now.getTime() - Date.parse(oldest)) / 1000)) : null,
  };
}
