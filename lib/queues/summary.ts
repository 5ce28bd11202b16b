import "server-only";
import type { Staff } from "@/lib/auth/current-staff";
import type { SidekiqProcess } from "@/lib/mastodon/sidekiq/area";
import type { SidekiqFormat } from "@/lib/mastodon/version";
import type { ServerContext } from "@/lib/server/context";
import { DEFAULT_ALERT_SETTINGS, getAlertSettings, latencyThreshold } from "./alert-settings";
import { allows, RULES } from "@/lib/auth/access";
import { jobRates, type JobRates } from "./rates";
import { alertsForReading, type QueueAlert } from "./alerts";
import { describeServiceFailure } from "@/lib/mastodon/service-errors";

/**
 * The live Queues page: every queue of the `queues` set with size, latency
 * and busy threads, the totals Sidekiq's dashboard shows, processed and
 * failed per minute, and each alive process with what its threads run.
 * Two pipelined Redis round trips, whatever the queue sizes.
 */
export interface QueueRow {
  name: string;
  /** Null when the queue's key in Sidekiq's Redis is not a list (see `problems`). */
  size: number | null;
  latency: number | null;
  busy: number;
  /** The alert threshold for this queue, seconds. */
  threshold: number;
}

export interface ProcessRow extends Omit<SidekiqProcess, "running"> {
  /** Running jobs; `argsText` is null for viewers without view_devops. */
  running: (SidekiqProcess["running"][number] & { argsHidden: boolean })[];
}

export interface QueuesSummary {
  takenAt: number;
  format: SidekiqFormat;
  /** False when Mastodon's version could not be read and Sidekiq 8's rules were assumed. */
  formatKnown: boolean;
  sidekiqRedis: "own" | "main";
  namespace: string | null;
  /** Null: that figure's key in Sidekiq's Redis holds something Sidekiq never writes (see `problems`). */
  totals: {
    enqueued: number | null;
    scheduled: number | null;
    retries: number | null;
    dead: number | null;
    processesAlive: number | null;
    processesListed: number | null;
    busy: number | null;
    concurrency: number | null;
    processed: number | null;
    failed: number | null;
  };
  rates: JobRates;
  queues: QueueRow[];
  processes: ProcessRow[];
  canViewJobs: boolean;
  /** May quiet and stop processes (and act on jobs): Mastodon's view_devops. */
  canManageJobs: boolean;
  /** One sentence per figure that could not be read (a key of the wrong type, a counter that is not a number). */
  problems: string[];
  /** The backlog alerts this same reading raises (the page's banner), worst first. */
  alerts: QueueAlert[];
  /** Why alerts could not be evaluated (Howdah's store unreachable), else null. */
  alertsProblem: string | null;
}

const RUNNING_ARGS_CHARS = 2_000;

export async function getQueuesSummary(
  context: ServerContext,
  staff: Pick<Staff, "permissions">,
): Promise<QueuesSummary> {
  const { sidekiq } = context.mastodon;
  const [snapshot, version, settings] = await Promise.all([
    sidekiq.snapshot({ work: true }),
    context.mastodon.version().catch(() => null),
    // The store only adds thresholds and a rate baseline: its outage must not blank live figures.
    context
      .store()
      .then(getAlertSettings)
      .catch(() => DEFAULT_ALERT_SETTINGS),
  ]);
  const { processed, failed } = snapshot;
  const rates =
    processed === null || failed === null
      ? { processedPerMinute: null, failedPerMinute: null, overSeconds: null }
      : await jobRates(context, { at: snapshot.takenAt, processed, failed }, () => context.store());
  const showArgs = allows(RULES.viewJobs, staff.permissions);
  const alerts = await alertsForReading(context, { ...snapshot, processes: snapshot.processesAlive }).then(
    (value) => ({ value, problem: null }),
    (error: unknown) => ({ value: [] as QueueAlert[], problem: describeServiceFailure(error) }),
  );
  const where = sidekiq.describe();
  return {
    takenAt: snapshot.takenAt,
    format: snapshot.format,
    formatKnown: version !== null,
    sidekiqRedis: where.redis,
    namespace: where.namespace,
    totals: {
      enqueued: snapshot.enqueued,
      scheduled: snapshot.scheduled,
      retries: snapshot.retries,
      dead: snapshot.dead,
      processesAlive: snapshot.processesAlive,
      processesListed: snapshot.processesListed,
      busy: snapshot.busy,
      concurrency: snapshot.concurrency,
      processed: snapshot.processed,
      failed: snapshot.failed,
    },
    rates,
    queues: snapshot.queues
      .map((q) => ({
        name: q.name,
        size: q.size,
        latency: q.latency === null ? null : Math.max(0, q.latency),
        busy: q.busy ?? 0,
        threshold: latencyThreshold(settings, q.name),
      }))
      .sort((a, b) => sidekiq.compareQueues(a.name, b.name)),
    processes: snapshot.processes.map((p) => ({
      ...p,
      // A running job's args are a preview too: one hostile or huge payload must not weigh down a 5-second poll.
      running: p.running.map((r) => ({
        ...r,
        argsText: showArgs ? (r.argsText?.slice(0, RUNNING_ARGS_CHARS) ?? null) : null,
        argsHidden: !showArgs,
      })),
    })),
    canViewJobs: showArgs,
    canManageJobs: allows(RULES.manageJobs, staff.permissions),
    problems: snapshot.problems,
    alerts: alerts.value,
    alertsProblem: alerts.problem,
  };
}
