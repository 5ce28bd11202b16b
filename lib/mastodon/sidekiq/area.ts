import "server-only";
import { HowdahError } from "@/lib/errors";
import type { GatewayBase } from "../gateway/base";
import { describeServiceFailure } from "../service-errors";
import { assertWritable, type SidekiqFormat } from "../version";
import { accountDomains } from "./account-domains";
import { clearDeadJobs, deleteJob, requeueJob, retryAllJobs } from "./job-actions";
import { readJobFields, type JobFields } from "./job-fields";
import { jobOrigin, type JobOrigin } from "./job-origin";
import type { JobSetName, JobSource } from "./job-source";
import { readJobWindow, sampleJobs, type JobEntry, type WindowOptions } from "./job-windows";
import { sidekiqKeys } from "./keys";
import { withSidekiq } from "./outage";
import { readSidekiqVersions } from "./gem-version";
import { compareQueues } from "./queue-order";
import { parseJobPayload } from "./repush";
import { readSidekiqSnapshot, type SidekiqSnapshot } from "./snapshot";

export type { JobFields } from "./job-fields";
export type { JobOrigin } from "./job-origin";
export type { JobSetName, JobSource } from "./job-source";
export type { SidekiqProcess } from "./processes";
export type { SidekiqSnapshot } from "./snapshot";

/** A job as read from a list or set: its exact stored string, and the fields read from it (null: not a job). */
export interface ReadJob extends JobEntry {
  fields: JobFields | null;
}

/** A sampled job for breakdowns: what an admin recognises as its class, and where it comes from or goes to. */
export interface SampledJob {
  /** Null when the stored string is not a readable job. */
  displayClass: string | null;
  origin: JobOrigin;
}

export type JobActionInput =
  { action: "retry"; source: JobSource; payload: string } | { action: "delete"; source: JobSource; payload: string };

export interface JobActionOutcome {
  /** False when the job was no longer there (Sidekiq ran, retried or moved it): nothing changed. */
  done: boolean;
  job: { jid: string; className: string; queue: string | null };
  /** Retry: the queue the job was pushed onto. */
  movedTo: string | null;
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

    /** The Sidekiq version(s) the running processes report; empty when none runs. */
    gemVersions(): Promise<string[]> {
      return withSidekiq(() => readSidekiqVersions(redis, keys));
    },

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
      return { ...window, entries: window.entries.map((e) => ({ ...e, fields: readJobFields(e.raw) })) };
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
     * queue, as SortedEntry#add_to_queue) or delete one job, named by its
     * exact stored string. Refused on a Mastodon version Howdah does not know.
     */
    async jobAction(input: JobActionInput): Promise<JobActionOutcome> {
      const format = await writableFormat();
      const parsed = parseJobPayload(input.payload);
      const queue = parsed.get("queue");
      const job = {
        jid: parsed.get("jid") as string,
        className: String(parsed.get("wrapped") ?? parsed.get("class")),
        queue: typeof queue === "string" ? queue : null,
      };
      if (input.action === "retry") {
        const set = requireSet(input.source);
        const result = await withSidekiq(() => requeueJob(redis, keys, set, input.payload, { format }));
        return { done: result.moved, job, movedTo: result.queue };
      }
      const done = await withSidekiq(() => deleteJob(redis, keys, input.source, input.payload));
      return { done, job, movedTo: null };
    },

    /** RetrySet#retry_all: every job now in `retry` back onto its queue; unreadable entries are left and counted. */
    async retryAllRetries(): Promise<{ moved: number; skipped: number }> {
      const format = await writableFormat();
      return withSidekiq(() => retryAllJobs(redis, keys, { format }));
    },

    /** DeadSet#clear: how many dead jobs were deleted. */
    async deleteAllDead(): Promise<number> {
      await writableFormat();
      return withSidekiq(() => clearDeadJobs(redis, keys));
    },
  };
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
