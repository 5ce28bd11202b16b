import "server-only";
import { HowdahError } from "@/lib/errors";
import type { GatewayBase } from "../gateway/base";
import { describeServiceFailure } from "../service-errors";
import { assertWritable, type SidekiqFormat } from "../version";
import { accountDomains } from "./account-domains";
import { readDailyStats, type DailyStats } from "./daily-stats";
import { clearDeadJobs, deleteJob, killJob, requeueJob, retryAllJobs } from "./job-actions";
import { readJobMetrics, type JobMetrics, type MetricPeriod } from "./job-metrics";
import { searchJobs } from "./job-search";
import { signalProcess, type ProcessSignal, type SignalOutcome } from "./process-signals";
import { readJobFields, type JobFields } from "./job-fields";
import { findJob, jobId } from "./job-ref";
import { jobOrigin, type JobOrigin } from "./job-origin";
import type { JobSource } from "./job-source";
import { readJobWindow, sampleJobs, unreadableSource, type JobEntry, type WindowOptions } from "./job-windows";
import { sidekiqKeys, type SidekiqKeys } from "./keys";
import { isWrongType } from "./pipeline";
import { withSidekiq } from "./outage";
import { readSidekiqVersions } from "./gem-version";
import { compareQueues } from "./queue-order";
import { readSidekiqSnapshot, type SidekiqSnapshot } from "./snapshot";

export type { JobFields } from "./job-fields";
export type { JobOrigin } from "./job-origin";
export type { JobSetName, JobSource } from "./job-source";
export type { SidekiqProcess } from "./processes";
export type { SidekiqSnapshot } from "./snapshot";
export type { DailyStat, DailyStats } from "./daily-stats";
export type { ClassMetrics, JobMetrics, MetricPeriod } from "./job-metrics";
export { METRIC_PERIODS } from "./job-metrics";
export { MAX_HISTORY_DAYS } from "./daily-stats";
export type { ProcessSignal, SignalOutcome } from "./process-signals";

/**
 * A job as read from a list or set: its exact stored string, the fields read
 * from it (null: not a job), and `id`, what names it to jobAction and readJob.
 */
export interface ReadJob extends JobEntry {
  id: string;
  fields: JobFields | null;
}

/** A sampled job for breakdowns: what an admin recognises as its class, and where it comes from or goes to. */
export interface SampledJob {
  /** Null when the stored string is not a readable job. */
  displayClass: string | null;
  origin: JobOrigin;
}

/**
 * What Sidekiq's Web UI offers per list (web/application.rb): retry set:
 * retry now, delete, kill (to dead); scheduled: add to queue, delete; dead:
 * retry now, delete; a queue: delete.
 */
export type JobActionName = "retry" | "enqueue" | "delete" | "kill";
export function actionsFor(source: JobSource): readonly JobActionName[] {
  if (source.kind === "queue") return ["delete"];
  return source.set === "retry"
    ? ["retry", "delete", "kill"]
    : source.set === "schedule"
      ? ["enqueue", "delete"]
      : ["retry", "delete"];
}

/** `id`: a ReadJob's id (where it was, and a digest of its exact stored string). */
export interface JobActionInput {
  action: JobActionName;
  source: JobSource;
  id: string;
}

/** What an admin recognises of an entry; an entry that is not a readable job has no jid and no class. */
export interface JobLabel {
  jid: string | null;
  className: string | null;
  queue: string | null;
}

export interface JobActionOutcome {
  id: string;
  /** False when the job was no longer there (Sidekiq ran, retried or moved it): nothing changed. */
  done: boolean;
  /** Null when it was already gone. */
  job: JobLabel | null;
  /** Retry / enqueue: the queue the job was pushed onto. */
  movedTo: string | null;
}

const LABEL_LIMIT = 200;
function labelOf(raw: string): JobLabel {
  const fields = readJobFields(raw);
  const clip = (v: string | null | undefined) => (v ? v.slice(0, LABEL_LIMIT) : null);
  return {
    jid: clip(fields?.jid),
    className: fields?.class ? clip(fields.displayClass) : null,
    queue: clip(fields?.queue),
  };
}

/** Retry samples for the status page's mail check: ten spread windows of 100 jobs. */
const RETRY_SAMPLE = { windows: 10, windowSize: 100 } as const;

/**
 * Sidekiq as Mastodon runs it: the live snapshot, job windows and samples,
 * job actions with Sidekiq's own API semantics, and which Redis it lives in.
 * Every Redis call is named "Sidekiq Redis" when it fails. When PostgreSQL
 * cannot tell Mastodon's version, figures are still read with Sidekiq 8's
 * rules (which accept both timestamp units); writes then wait.
 */
export function createSidekiqArea(base: GatewayBase) {
  const c = base.connections;
  const keys = sidekiqKeys(c.keyPrefix);
  const redis = c.sidekiqRedis;
  const readFormat = (): Promise<SidekiqFormat> =>
    base.version().then(
      (v) => v.sidekiqFormat,
      () => "8.1" as const,
    );
  /** The format to write in; refuses a version Howdah does not know (or cannot read). */
  const writableFormat = async (): Promise<SidekiqFormat> => {
    const version = await base.version();
    assertWritable(version);
    return version.sidekiqFormat;
  };

  const area = {
    /** Whether Sidekiq has a Redis of its own or shares the main one, and REDIS_NAMESPACE (4.3), if any. */
    describe(): { redis: "own" | "main"; namespace: string | null } {
      return {
        redis: c.sidekiqRedis === c.redis ? "main" : "own",
        namespace: c.keyPrefix ? c.keyPrefix.slice(0, -1) : null,
      };
    },

    /** Mastodon's queues in config/sidekiq.yml order, then any others by name. */
    compareQueues,

    /** The Sidekiq version(s) the running processes report; empty when none runs. */
    gemVersions(): Promise<string[]> {
      return withSidekiq(() => readSidekiqVersions(redis, keys));
    },

    /**
     * Everything Sidekiq's dashboard shows, in one pipelined round trip while the queues and processes stay
     * those of the previous reading (two when they changed); `work` adds what each thread runs.
     */
    async snapshot(options: { work: boolean }): Promise<SidekiqSnapshot> {
      const format = await readFormat();
      return withSidekiq(() => readSidekiqSnapshot(redis, { keys, format, work: options.work, reuseLists: true }));
    },

    /** One page of jobs from a queue or set, read window by window, each with its fields. */
    async jobWindow(
      source: JobSource,
      options: WindowOptions,
    ): Promise<{ total: number; scanned: number; nextOffset: number | null; entries: ReadJob[] }> {
      const window = await withSidekiq(() => readJobWindow(redis, keys, source, options));
      return {
        ...window,
        entries: window.entries.map((e) => ({ ...e, id: jobId(e), fields: readJobFields(e.raw) })),
      };
    },

    /** One job's exact stored string, whole, by its id; null when it is no longer there. */
    async readJob(source: JobSource, id: string): Promise<string | null> {
      return withSidekiq(() => findJob(redis, keys, source, id));
    },

    /** A bounded sample of a queue or set (evenly spaced windows), each job's class and origin. */
    async sampleJobs(
      source: JobSource,
      options: { windows: number; windowSize: number },
    ): Promise<{ total: number; jobs: SampledJob[] }> {
      const sample = await withSidekiq(() => sampleJobs(redis, keys, source, options));
      return {
        total: sample.total,
        jobs: sample.raws.map((raw) => {
          const fields = readJobFields(raw);
          return {
            displayClass: fields?.displayClass ?? null,
            origin: fields ? jobOrigin(fields.class, fields.argsText) : null,
          };
        }),
      };
    },

    /**
     * Mailer jobs in the retry set: counted exactly up to 1,000 jobs, and
     * estimated from ten spread windows above that.
     */
    async sampleRetryMailers(): Promise<number> {
      const sample = await withSidekiq(() => sampleJobs(redis, keys, { kind: "set", set: "retry" }, RETRY_SAMPLE));
      if (sample.raws.length === 0) return 0;
      const mailers = sample.raws.filter((raw) => readJobFields(raw)?.queue === "mailers").length;
      return Math.round((mailers / sample.raws.length) * sample.total);
    },

    /**
     * The domain of each sending account (null: local), from the replica
     * when there is one. A lookup that fails gives a problem sentence
     * ("PostgreSQL connection refused") instead of throwing.
     */
    async lookupAccountDomains(
      ids: readonly string[],
    ): Promise<{ domains: Map<string, string | null>; problem: string | null }> {
      try {
        return { domains: await accountDomains(c.readDb, ids), problem: null };
      } catch (error) {
        return { domains: new Map(), problem: `PostgreSQL ${describeServiceFailure(error)}` };
      }
    },

    /**
     * Retry now (SortedEntry#retry: retry or dead set back onto its queue,
     * retry_count − 1), enqueue now (#add_to_queue: a scheduled job as is),
     * kill (#kill: retry set to dead) or delete, each for one or many entries
     * named by their ids and moved by their exact stored string (ZREM / LREM
     * of the value, as Sidekiq's API does), so an entry that is not even JSON
     * can be deleted too. An entry that is no longer there (Sidekiq ran,
     * retried or moved it) is reported as not done; the others still act.
     * Refused on a Mastodon version Howdah does not know.
     */
    async jobActions(input: {
      action: JobActionName;
      source: JobSource;
      ids: readonly string[];
    }): Promise<JobActionOutcome[]> {
      if (!actionsFor(input.source).includes(input.action)) throw notOffered(input.action, input.source);
      const format = await writableFormat();
      const outcomes: JobActionOutcome[] = [];
      for (const id of new Set(input.ids)) {
        const raw = await withSidekiq(() => findJob(redis, keys, input.source, id));
        if (raw === null) {
          outcomes.push({ id, done: false, job: null, movedTo: null });
          continue;
        }
        const job = labelOf(raw);
        const set = input.source.kind === "set" ? input.source.set : null;
        if ((input.action === "retry" || input.action === "enqueue") && set) {
          const result = await withSidekiq(() => requeueJob(redis, keys, set, raw, { format }));
          outcomes.push({ id, done: result.moved, job, movedTo: result.queue });
        } else if (input.action === "kill" && set) {
          const done = await withSidekiq(() => killJob(redis, keys, set, raw));
          outcomes.push({ id, done, job, movedTo: null });
        } else {
          const done = await withSidekiq(() => deleteJob(redis, keys, input.source, raw));
          outcomes.push({ id, done, job, movedTo: null });
        }
      }
      return outcomes;
    },

    /** One entry: jobActions for a single id. */
    async jobAction(input: JobActionInput): Promise<JobActionOutcome> {
      const [outcome] = await area.jobActions({ action: input.action, source: input.source, ids: [input.id] });
      return outcome!;
    },

    /**
     * Search a queue or set for jobs whose stored string contains `text`
     * (class, args, jid, error), as the Web UI's filter does: ZSCAN MATCH on
     * a set, a bounded window scan on a queue.
     */
    async searchJobs(
      source: JobSource,
      text: string,
      options: { limit: number },
    ): Promise<{ total: number; matches: number; complete: boolean; scanned: number; entries: ReadJob[] }> {
      const found = await withSidekiq(() => searchJobs(redis, keys, source, text, options));
      return {
        ...found,
        entries: found.entries.map((e) => ({ ...e, id: jobId(e), fields: readJobFields(e.raw) })),
      };
    },

    /** Quiet (TSTP) or stop (TERM) one process through its signal list, as the Web UI does. */
    async signalProcess(identity: string, action: ProcessSignal): Promise<SignalOutcome> {
      await writableFormat();
      return withSidekiq(() => signalProcess(redis, keys, identity, action));
    },

    /** Sidekiq's daily processed / failed counters for the last `days` UTC days (at most five years). */
    async dailyStats(days: number): Promise<DailyStats> {
      return withSidekiq(() => readDailyStats(redis, keys, days));
    },

    /** Per-class execution metrics where this Sidekiq version keeps them (7.3+). */
    async jobMetrics(period: MetricPeriod): Promise<JobMetrics & { format: SidekiqFormat }> {
      const format = await readFormat();
      return { ...(await withSidekiq(() => readJobMetrics(redis, keys, format, period))), format };
    },

    /** RetrySet#retry_all: every job now in `retry` back onto its queue; unreadable entries are left and counted. */
    async retryAllRetries(): Promise<{ moved: number; skipped: number }> {
      const format = await writableFormat();
      return withSidekiq(() => wrongTypeRefused(keys, RETRY, () => retryAllJobs(redis, keys, { format })));
    },

    /** DeadSet#clear: how many dead jobs were deleted. */
    async deleteAllDead(): Promise<number> {
      await writableFormat();
      return withSidekiq(() => wrongTypeRefused(keys, DEAD, () => clearDeadJobs(redis, keys)));
    },
  };
  return area;
}

const RETRY: JobSource = { kind: "set", set: "retry" };
const DEAD: JobSource = { kind: "set", set: "dead" };

/** A bulk action on a set whose key holds another type: a clear refusal naming it, not a 500. */
async function wrongTypeRefused<T>(keys: SidekiqKeys, source: JobSource, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw isWrongType(error) ? unreadableSource(keys, source) : error;
  }
}

const ACTION_NAME: Record<JobActionName, string> = {
  retry: "retried now",
  enqueue: "added to its queue now",
  delete: "deleted",
  kill: "killed (moved to the dead set)",
};

function notOffered(action: JobActionName, source: JobSource): HowdahError {
  const where =
    source.kind === "queue" ? "a queue" : source.set === "schedule" ? "the scheduled set" : `the ${source.set} set`;
  const offered = actionsFor(source).map((a) => ACTION_NAME[a]);
  return new HowdahError(
    "bad_request",
    `A job in ${where} cannot be ${ACTION_NAME[action]}; it can be ${offered.join(" or ")}. Nothing was changed.`,
  );
}

export type SidekiqArea = ReturnType<typeof createSidekiqArea>;
