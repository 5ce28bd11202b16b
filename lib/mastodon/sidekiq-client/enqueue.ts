import "server-only";
import type { Redis } from "ioredis";
import type { RubyValue } from "@/lib/mastodon/sidekiq/ruby-json";
import type { SidekiqKeys } from "@/lib/mastodon/sidekiq/keys";
import type { SidekiqFormat } from "@/lib/mastodon/version";
import { toRubyJson } from "@/lib/mastodon/sidekiq/ruby-json";
import {
  buildJobHash,
  mailDeliveryJobSpec,
  newActiveJobId,
  newJid,
  scheduleScore,
  serializeMailDeliveryJob,
  type JobSpec,
  type MailDelivery,
} from "./job-payload";

export { DELIVERY_WORKER, type SidekiqWorker } from "./workers";

/**
 * Puts a job on Sidekiq exactly as Mastodon's own code would with
 * `Worker.perform_async(*args)` (or `perform_in` / `perform_at` when `at` is
 * in the future), for the Sidekiq the detected Mastodon runs: payload bytes
 * as job-payload.ts describes, then
 * - now: `SADD queues <q>` + `LPUSH queue:<q> <json>`; Sidekiq pipelines the
 *   two, Howdah sends them as one MULTI (one round trip as well, and a
 *   reader never sees the job without its queue registered);
 * - scheduled: `ZADD schedule <at seconds> <json>` (the poller moves it to
 *   its queue, adding "enqueued_at", when due).
 * `keys` carries Mastodon 4.3's REDIS_NAMESPACE prefix (`<ns>:queues`…).
 *
 * Client middleware does not run. For Mastodon that means:
 * sidekiq-unique-jobs' keys (lock_digest, lock_args… and the
 * `uniquejobs:<digest>` lock) are not written for `lock:` workers, so such a
 * job can run twice if Mastodon enqueues the same one meanwhile; and
 * Mastodon::WorkerBatchMiddleware does not run (no batch is in play here).
 */
export interface JobRequest {
  /** The worker class name. */
  class: string;
  args: readonly RubyValue[];
  /** The class's sidekiq_options, in declaration order (workers.ts has Mastodon's). */
  options?: ReadonlyArray<readonly [string, RubyValue]>;
  /** `Worker.set(queue: …)`: overrides the class's queue. */
  queue?: string;
  /**
   * `perform_at` / `perform_in`: run time in epoch ms. A time in the future schedules the job; a past one
   * enqueues it now, still in perform_in's key order ("class" before "args").
   */
  at?: number;
  /** For tests; default SecureRandom.hex(12). */
  jid?: string;
  /**
   * The order the pusher built the item in, when it is not a perform_async / perform_in call:
   * "class-first" is {"class", "queue", "args"}, what sidekiq-scheduler hands to Sidekiq::Client.push.
   */
  itemOrder?: "class-first";
}

export interface EnqueuedJob {
  className: string;
  queue: string;
  jid: string;
  /** The exact string written to Redis. */
  payload: string;
  /** Where it went: the queue list, or the schedule zset with this run time (epoch ms). */
  scheduledAt: number | null;
}

export interface EnqueueClock {
  /** Epoch ms; read once per Sidekiq clock read (created_at, then enqueued_at). */
  now?: () => number;
}

export async function enqueueJob(
  redis: Redis,
  keys: SidekiqKeys,
  format: SidekiqFormat,
  request: JobRequest,
  clock: EnqueueClock = {},
): Promise<EnqueuedJob> {
  return pushSpec(redis, keys, format, specOf(request), { jid: request.jid, at: request.at }, clock);
}

/** The Ruby call a request stands for. */
function specOf(request: JobRequest): JobSpec {
  return {
    class: request.class,
    args: request.args,
    options: request.options,
    set: request.queue === undefined ? [] : [["queue", request.queue]],
    // `Worker.perform_in` (class method) builds {"class", "args", "at"}; `Worker.set(…).perform_in` goes
    // through the Setter, like perform_async.
    via:
      request.itemOrder === "class-first" || (request.at !== undefined && request.queue === undefined)
        ? "perform_in"
        : "perform_async",
  };
}

export interface EnqueuedMail extends EnqueuedJob {
  /** ActiveJob's job_id (a UUID), what Rails logs. */
  activeJobId: string;
}

/**
 * `Mailer.action(*args).deliver_later` / `deliver_later!`, through ActiveJob
 * and the version's Sidekiq adapter (job-payload.ts): queue `mailers`,
 * class JobWrapper (4.3 / 4.4) or Sidekiq::ActiveJob::Wrapper (4.5+),
 * "wrapped" ActionMailer::MailDeliveryJob, args [ActiveJob's serialised job].
 */
export async function enqueueMailDelivery(
  redis: Redis,
  keys: SidekiqKeys,
  format: SidekiqFormat,
  delivery: MailDelivery,
  options: EnqueueClock & { jid?: string; activeJobId?: string } = {},
): Promise<EnqueuedMail> {
  const now = options.now ?? Date.now;
  const activeJobId = options.activeJobId ?? newActiveJobId();
  // ActiveJob serialises (its own enqueued_at) before Sidekiq normalises (created_at).
  const serialized = serializeMailDeliveryJob(delivery, { jobId: activeJobId, enqueuedAtMs: now() });
  const spec = mailDeliveryJobSpec(format, serialized);
  const job = await pushSpec(redis, keys, format, spec, { jid: options.jid, at: delivery.at }, { now });
  return { ...job, activeJobId };
}

async function pushSpec(
  redis: Redis,
  keys: SidekiqKeys,
  format: SidekiqFormat,
  spec: JobSpec,
  fields: { jid?: string; at?: number },
  clock: EnqueueClock,
): Promise<EnqueuedJob> {
  const job = buildJob(format, spec, fields, clock);
  await execPush(
    job.scheduledAt === null
      ? redis.multi().sadd(keys.queues, job.queue).lpush(keys.queue(job.queue), job.payload)
      : redis.multi().zadd(keys.set("schedule"), scheduleScore(job.scheduledAt), job.payload),
  );
  return job;
}

/** The payload Sidekiq's client would write for `spec`, with its clock reads, and where it goes. */
function buildJob(
  format: SidekiqFormat,
  spec: JobSpec,
  fields: { jid?: string; at?: number },
  clock: EnqueueClock,
): EnqueuedJob {
  const now = clock.now ?? Date.now;
  const jid = fields.jid ?? newJid();
  const createdAtMs = now();
  // Setter#at: a time that is not in the future enqueues now.
  const scheduledAt = fields.at !== undefined && fields.at > createdAtMs ? fields.at : null;
  const hash = buildJobHash(format, spec, {
    jid,
    createdAtMs,
    enqueuedAtMs: scheduledAt === null ? now() : undefined,
  });
  return { className: spec.class, queue: hash.get("queue") as string, jid, payload: toRubyJson(hash), scheduledAt };
}

async function execPush(tx: ReturnType<Redis["multi"]>): Promise<void> {
  const results = await tx.exec();
  if (!results) throw new Error("Redis discarded the Sidekiq push.");
  for (const [error] of results) if (error) throw error;
}

/**
 * Many `Worker.perform_async(*args)` calls at once, as a batch writes them: each
 * job's payload is built exactly as enqueueJob builds it (its own jid and
 * clock reads), and all of them go in one round trip, a MULTI of one
 * `SADD queues <q>` per queue and one `LPUSH queue:<q> <json>…` with the
 * payloads in call order, which leaves the list as that many single LPUSHes
 * would (the last call at the head). Immediate jobs only.
 */
export async function enqueueJobs(
  redis: Redis,
  keys: SidekiqKeys,
  format: SidekiqFormat,
  requests: readonly Omit<JobRequest, "at" | "itemOrder">[],
  clock: EnqueueClock = {},
): Promise<EnqueuedJob[]> {
  if (requests.length === 0) return [];
  const jobs = requests.map((request) => buildJob(format, specOf(request), { jid: request.jid }, clock));
  const byQueue = new Map<string, string[]>();
  for (const job of jobs) {
    const payloads = byQueue.get(job.queue) ?? [];
    payloads.push(job.payload);
    byQueue.set(job.queue, payloads);
  }
  const tx = redis.multi();
  for (const [queue, payloads] of byQueue) tx.sadd(keys.queues, queue).lpush(keys.queue(queue), ...payloads);
  await execPush(tx);
  return jobs;
}
