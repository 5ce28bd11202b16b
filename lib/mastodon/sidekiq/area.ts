import "server-only";
import { HowdahError } from "@/lib/errors";
import type { GatewayBase } from "../gateway/base";
import { describeServiceFailure } from "../service-errors";
import { assertWritable, type SidekiqFormat } from "../version";
import { accountDomains } from "./account-domains";
import { clearDeadJobs, deleteJob, requeueJob, retryAllJobs } from "./job-actions";
import { readJobFields, type JobFields } from "./job-fields";
import { findJob, jobId } from "./job-ref";
import { jobOrigin, type JobOrigin } from "./job-origin";
import type { JobSetName, JobSource } from "./job-source";
import { readJobWindow, sampleJobs, unreadableSource, type JobEntry, type WindowOptions } from "./job-windows";
import { sidekiqKeys, type SidekiqKeys } from "./keys";
import { isWrongType } from "./pipeline";
import { withSidekiq } from "./outage";
import { compareQueues } from "./queue-order";
import { readSidekiqSnapshot, type SidekiqSnapshot } from "./snapshot";

export type { JobFields } from "./job-fields";
export type { JobOrigin } from "./job-origin";
export type { JobSetName, JobSource } from "./job-source";
export type { SidekiqProcess } from "./processes";
export type { SidekiqSnapshot } from "./snapshot";

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

/** `id`: a ReadJob's id (where it was, and a digest of its exact stored string). */
export interface JobActionInput {
  action: "retry" | "delete";
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
  /** False when the job was no longer there (Sidekiq ran, retried or moved it): nothing changed. */
  done: boolean;
  /** Null when it was already gone. */
  job: JobLabel | null;
  /** Retry: the queue the job was pushed onto. */
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

  return {
    /** Whether Sidekiq has a Redis of its own or shares the main one, and REDIS_NAMESPACE (4.3), if any. */
    describe(): { redis: "own" | "main"; namespace: string | null } {
      return {
        redis: c.sidekiqRedis === c.redis ? "main" : "own",
        namespace: c.keyPrefix ? c.keyPrefix.slice(0, -1) : null,
      };
    },

    /** Mastodon's queues in config/sidekiq.yml order, then any others by name. */
    compareQueues,

    /** Everything Sidekiq's dashboard shows, in two pipelined round trips; `work` adds what each thread runs. */
    async snapshot(options: { work: boolean }): Promise<SidekiqSnapshot> {
      const format = await readFormat();
      return withSidekiq(() => readSidekiqSnapshot(redis, { keys, format, work: options.work }));
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
     * Retry now (a job of the retry, scheduled or dead set back onto its
     * queue, as SortedEntry#add_to_queue) or delete one entry, named by its
     * id and removed by its exact stored string (ZREM / LREM of the value, as
     * Sidekiq's API does), so an entry that is not even JSON can be deleted
     * too. Refused on a Mastodon version Howdah does not know.
     */
    async jobAction(input: JobActionInput): Promise<JobActionOutcome> {
      const format = await writableFormat();
      const set = input.action === "retry" ? requireSet(input.source) : null;
      const raw = await withSidekiq(() => findJob(redis, keys, input.source, input.id));
      if (raw === null) return { done: false, job: null, movedTo: null };
      const job = labelOf(raw);
      if (set) {
        const result = await withSidekiq(() => requeueJob(redis, keys, set, raw, { format }));
        return { done: result.moved, job, movedTo: result.queue };
      }
      const done = await withSidekiq(() => deleteJob(redis, keys, input.source, raw));
      return { done, job, movedTo: null };
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

function requireSet(source: JobSource): JobSetName {
  if (source.kind !== "set")
    throw new HowdahError(
      "bad_request",
      "Only jobs in the retry, scheduled or dead set can be retried now; a queued job is already waiting to run.",
    );
  return source.set;
}

export type SidekiqArea = ReturnType<typeof createSidekiqArea>;
