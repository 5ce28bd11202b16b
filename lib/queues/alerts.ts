import "server-only";
import { HowdahError } from "@/lib/errors";
import type { ServerContext } from "@/lib/server/context";
import { getRuleSettings } from "@/lib/alerts/rule-settings";
import { getAlertSettings, latencyThreshold, type AlertSettings } from "./alert-settings";
import { formatDuration } from "@/lib/shared/duration";
import { expiringCache, sharedRead, type ExpiringCache } from "@/lib/shared/expiring-cache";
import { processSingleton } from "@/lib/shared/process-singleton";
import type { Store } from "@/lib/store/connection";
import { growthBaselines, latencyAlertSince, latestSample, SAMPLE_EVERY_MS } from "./samples";

/**
 * Backlog alerts: a queue whose oldest job waited longer than its threshold,
 * a retry or dead set growing fast, no Sidekiq process alive while jobs
 * wait, or Sidekiq's Redis unreachable. `listActiveAlerts` is what other
 * areas call (the overview tile, the status page): it reads the worker's
 * latest sample from Howdah's store, and only if there is none from the last
 * minute takes one live reading (a constant number of Redis round trips).
 */
export type AlertComponent = "federation" | "background_jobs" | "email";
export type AlertKind = "latency" | "retry_growth" | "dead_growth" | "no_processes" | "sidekiq_unreachable";

export interface QueueAlert {
  id: string;
  kind: AlertKind;
  component: AlertComponent;
  severity: "warning" | "critical";
  queue: string | null;
  /** A short headline, e.g. "Outgoing federation 21 min behind". */
  title: string;
  /** Plain language, for admins and for the public status page. */
  message: string;
  value: number | null;
  threshold: number | null;
  /** ISO time the condition started, when the samples show it. */
  since: string | null;
}

const COMPONENT: Record<string, AlertComponent> = {
  push: "federation",
  ingress: "federation",
  pull: "federation",
  fasp: "federation",
  mailers: "email",
};
export const componentOf = (queue: string): AlertComponent => COMPONENT[queue] ?? "background_jobs";

const HEADLINE: Record<string, string> = {
  default: "Timelines and notifications",
  push: "Outgoing federation",
  ingress: "Incoming federation",
  mailers: "E-mail",
  pull: "Remote fetches",
  scheduler: "Scheduled jobs",
  fasp: "FASP updates",
};

const WHAT_IS_LATE: Record<string, string> = {
  default: "Home timelines and notifications are",
  push: "Posts sent to other servers are",
  ingress: "Posts and activity from other servers are",
  mailers: "E-mails (sign-up confirmations, password resets, notifications) are",
  pull: "Link previews, remote media and thread fetches are",
  scheduler: "Scheduled maintenance jobs are",
  fasp: "Fediverse auxiliary service updates are",
};

const count = new Intl.NumberFormat("en");

/** Null (or a queue left out): that figure could not be read, and raises no alert of its own. */
export interface AlertFigures {
  queues: { name: string; size: number | null; latency: number | null }[];
  enqueued: number | null;
  retries: number | null;
  dead: number | null;
  processes: number | null;
}

/**
 * Critical levels set apart from the warning thresholds (the Alerts page,
 * lib/alerts/rule-settings.ts); where none is set, critical is four times
 * the warning threshold.
 */
export interface CriticalLevels {
  latency: Record<string, number>;
  retryGrowth: number | null;
  deadGrowth: number | null;
}
const NO_CRITICAL_LEVELS: CriticalLevels = { latency: {}, retryGrowth: null, deadGrowth: null };
const criticalAt = (warning: number, set: number | undefined | null) => set ?? 4 * warning;

/** Pure: which alerts these figures raise under these settings. */
export function evaluateAlerts(
  figures: AlertFigures,
  settings: AlertSettings,
  baselines: { retries: number | null; dead: number | null },
  critical: CriticalLevels = NO_CRITICAL_LEVELS,
): QueueAlert[] {
  const alerts: QueueAlert[] = [];
  if (figures.processes === 0 && figures.enqueued !== null && figures.enqueued > 0) {
    alerts.push({
      id: "no-processes",
      kind: "no_processes",
      component: "background_jobs",
      severity: "critical",
      queue: null,
      title: "No Sidekiq process running",
      message:
        `No Sidekiq process is running: ${count.format(figures.enqueued)} jobs are waiting and nothing is ` +
        `working on them.`,
      value: 0,
      threshold: null,
      since: null,
    });
  }
  for (const q of figures.queues) {
    const threshold = latencyThreshold(settings, q.name);
    if (q.size === null || q.latency === null || q.size === 0 || q.latency <= threshold) continue;
    const what = WHAT_IS_LATE[q.name] ?? `Jobs in the ${q.name} queue are`;
    alerts.push({
      id: `latency:${q.name}`,
      kind: "latency",
      component: componentOf(q.name),
      severity: q.latency >= criticalAt(threshold, critical.latency[q.name]) ? "critical" : "warning",
      queue: q.name,
      title: `${HEADLINE[q.name] ?? `Queue ${q.name}`} ${formatDuration(q.latency)} behind`,
      message:
        `${what} running ${formatDuration(q.latency)} behind: the oldest of ${count.format(q.size)} jobs ` +
        `in the ${q.name} queue has waited that long (alert above ${formatDuration(threshold)}).`,
      value: q.latency,
      threshold,
      since: null,
    });
  }
  const { growth } = settings;
  const growthAlert = (
    kind: "retry_growth" | "dead_growth",
    size: number | null,
    base: number | null,
    limit: number,
    minutes: number,
  ): void => {
    const grew = base === null || size === null ? null : size - base;
    if (grew === null || grew < limit) return;
    const window = formatDuration(minutes * 60);
    const retry = kind === "retry_growth";
    alerts.push({
      id: retry ? "retry-growth" : "dead-growth",
      kind,
      component: "background_jobs",
      severity: grew >= criticalAt(limit, retry ? critical.retryGrowth : critical.deadGrowth) ? "critical" : "warning",
      queue: null,
      title: retry
        ? `Retries piling up (+${count.format(grew)} in ${window})`
        : `Jobs dying (+${count.format(grew)} in ${window})`,
      message: retry
        ? `Failing jobs are piling up: the retry set grew by ${count.format(grew)} in the last ${window} (now ` +
          `${count.format(size!)}).`
        : `Jobs are failing for good: ${count.format(grew)} more jobs landed in the dead set in the last ` +
          `${window} (now ${count.format(size!)}).`,
      value: grew,
      threshold: limit,
      since: null,
    });
  };
  growthAlert("retry_growth", figures.retries, baselines.retries, growth.retryGrowth, growth.retryWindowMinutes);
  growthAlert("dead_growth", figures.dead, baselines.dead, growth.deadGrowth, growth.deadWindowMinutes);
  return alerts.sort((a, b) => (a.severity === b.severity ? 0 : a.severity === "critical" ? -1 : 1));
}

export async function listActiveAlerts(context: ServerContext): Promise<QueueAlert[]> {
  const figures = await readAlertFigures(context);
  return figures ? alertsForReading(context, figures) : [sidekiqUnreachableAlert()];
}

const SIDEKIQ_UNREACHABLE: QueueAlert = {
  id: "sidekiq-unreachable",
  kind: "sidekiq_unreachable",
  component: "background_jobs",
  severity: "critical",
  queue: null,
  title: "Sidekiq unreachable",
  message: "Howdah cannot reach Sidekiq's Redis, so background jobs may be stalled.",
  value: null,
  threshold: null,
  since: null,
};

/**
 * The figures alerts are read from: the worker's latest sample, or one live
 * reading when there is none from the last minute; null when Sidekiq's Redis
 * cannot be reached. The alert worker reads once and passes the figures to
 * both the queue alerts and the other rules (lib/alerts/rules.ts).
 */
export async function readAlertFigures(context: ServerContext): Promise<AlertFigures | null> {
  const store = await context.store();
  const stored = await latestSample(store, 6 * SAMPLE_EVERY_MS);
  if (stored) return stored;
  try {
    const live = await context.mastodon.sidekiq.snapshot({ work: false });
    return { ...live, processes: live.processesAlive };
  } catch (error) {
    if (!(error instanceof HowdahError) || error.code !== "unavailable") throw error;
    return null;
  }
}

/** The alert for a reading that could not be taken (readAlertFigures gave null). */
export const sidekiqUnreachableAlert = (): QueueAlert => ({ ...SIDEKIQ_UNREACHABLE });

/**
 * The store's side of an alert reading (growth baselines, when a latency
 * alert started) moves with the worker's 10-second samples: every page and
 * tab that polls within a second shares one read.
 */
const STORE_READS_MS = 1_000;
const storeReadsByStore = () =>
  processSingleton("queue-alert-store-reads", () => new WeakMap<Store, ExpiringCache<string, Promise<unknown>>>());
function storeReads(store: Store): ExpiringCache<string, Promise<unknown>> {
  const byStore = storeReadsByStore();
  let cache = byStore.get(store);
  if (!cache) byStore.set(store, (cache = expiringCache(100)));
  return cache;
}

/**
 * The alerts one reading raises: a page that shows figures and alerts passes
 * the reading it shows, so its banner and its tables never come from two
 * different moments (the growth baselines and "since" come from the store).
 */
export async function alertsForReading(context: ServerContext, figures: AlertFigures): Promise<QueueAlert[]> {
  const store = await context.store();
  const settings = await getAlertSettings(store);
  const windows = { retryMinutes: settings.growth.retryWindowMinutes, deadMinutes: settings.growth.deadWindowMinutes };
  const baselines = await sharedRead(storeReads(store), `baselines:${JSON.stringify(windows)}`, STORE_READS_MS, () =>
    growthBaselines(store, windows),
  );
  const { settings: rules } = await getRuleSettings(store);
  const alerts = evaluateAlerts(figures, settings, baselines, rules.critical);
  const latency = alerts.filter((a) => a.kind === "latency" && a.queue && a.threshold !== null);
  const queues = latency.map((a) => ({ queue: a.queue!, threshold: a.threshold! }));
  const since =
    queues.length === 0
      ? new Map<string, Date>()
      : await sharedRead(storeReads(store), `since:${JSON.stringify(queues)}`, STORE_READS_MS, () =>
          latencyAlertSince(store, queues),
        );
  for (const a of latency) a.since = since.get(a.queue!)?.toISOString() ?? null;
  return alerts;
}
