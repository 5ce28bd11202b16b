import { randomBytes } from "node:crypto";
import type { Redis } from "ioredis";
import type { SidekiqFormat } from "@/lib/mastodon/version";
import { SidekiqFloat, SidekiqHash, toRubyJson, type SidekiqValue } from "./ruby-json";

/**
 * Puts a job on a Sidekiq queue exactly as Sidekiq's own client does when
 * Mastodon calls `Worker.perform_async(*args)`, for the Sidekiq the detected
 * Mastodon runs (dev/fixtures/sidekiq/FORMATS.md cites the lines):
 *
 * - key order: Client#normalize_item merges the job into the worker's
 *   options, which start from {"retry"=>true,"queue"=>"default"}; so "retry",
 *   "queue", the class's other options, then "args" and "class" (the order
 *   Setter#perform_async builds them), "jid" (24 hex), "created_at", and
 *   "enqueued_at" appended by Client#atomic_push;
 * - times: Float epoch seconds on 6.5 / 7.3 (Mastodon 4.3 / 4.4), Integer
 *   epoch milliseconds on 8.x (4.5 / 4.6);
 * - Redis: SADD queues <queue> and LPUSH queue:<queue> <json> (Sidekiq
 *   pipelines them; Howdah sends them in one MULTI so a reader never sees one
 *   without the other), every key under REDIS_NAMESPACE's `<ns>:` on 4.3.
 *
 * Client middleware does not run (facts §6): only use this for workers
 * without sidekiq-unique-jobs locks, as Mastodon's relay and moderation
 * workers are.
 */
export interface SidekiqWorker {
  className: string;
  /** The class's sidekiq_options, in declaration order. */
  options: ReadonlyArray<readonly [string, SidekiqValue]>;
}

/** app/workers/activitypub/delivery_worker.rb (4.3 to 4.6): `sidekiq_options queue: 'push', retry: 16, dead: false`. */
export const DELIVERY_WORKER: SidekiqWorker = {
  className: "ActivityPub::DeliveryWorker",
  options: [
    ["queue", "push"],
    ["retry", 16],
    ["dead", false],
  ],
};

export interface SidekiqTarget {
  /** Sidekiq's Redis (SIDEKIQ_REDIS_* or the main one). */
  redis: Redis;
  /** "<REDIS_NAMESPACE>:" on Mastodon 4.3, else "". */
  keyPrefix: string;
  format: SidekiqFormat;
}

export interface EnqueuedJob {
  className: string;
  queue: string;
  jid: string;
  /** The exact string pushed onto the queue. */
  payload: string;
}

const DEFAULT_OPTIONS: ReadonlyArray<readonly [string, SidekiqValue]> = [
  ["retry", true],
  ["queue", "default"],
];

/** Ruby's Hash#merge: existing keys keep their position and take the new value; new keys are appended. */
function merge(
  a: ReadonlyArray<readonly [string, SidekiqValue]>,
  b: ReadonlyArray<readonly [string, SidekiqValue]>,
): [string, SidekiqValue][] {
  const out = a.map(([k, v]) => [k, v] as [string, SidekiqValue]);
  for (const [k, v] of b) {
    const at = out.findIndex(([key]) => key === k);
    if (at >= 0) out[at] = [k, v];
    else out.push([k, v]);
  }
  return out;
}

export const usesMillis = (format: SidekiqFormat): boolean => format === "8.0" || format === "8.1";

/** A job timestamp in the unit and Ruby type this Sidekiq writes. */
export function jobTime(format: SidekiqFormat, epochMs: number): SidekiqValue {
  return usesMillis(format) ? Math.floor(epochMs) : new SidekiqFloat(epochMs / 1000);
}

/** SecureRandom.hex(12). */
export function newJid(): string {
  return randomBytes(12).toString("hex");
}

export function queueOf(worker: SidekiqWorker): string {
  const queue = merge(DEFAULT_OPTIONS, worker.options).find(([k]) => k === "queue")?.[1];
  if (typeof queue !== "string" || queue === "") throw new Error(`${worker.className} has no queue name`);
  return queue;
}

export interface PayloadFields {
  jid: string;
  createdAtMs: number;
  enqueuedAtMs: number;
}

/** The JSON string Sidekiq LPUSHes for `worker.perform_async(*args)`. */
export function buildJobPayload(
  format: SidekiqFormat,
  worker: SidekiqWorker,
  args: readonly SidekiqValue[],
  fields: PayloadFields,
): string {
  if (!/^[0-9a-f]{24}$/.test(fields.jid)) throw new Error("a jid is 24 lowercase hex characters");
  const entries = merge(merge(DEFAULT_OPTIONS, worker.options), [
    ["args", args],
    ["class", worker.className],
  ]);
  entries.push(
    ["jid", fields.jid],
    ["created_at", jobTime(format, fields.createdAtMs)],
    ["enqueued_at", jobTime(format, fields.enqueuedAtMs)],
  );
  return toRubyJson(new SidekiqHash(entries));
}

export async function enqueueJob(
  target: SidekiqTarget,
  worker: SidekiqWorker,
  args: readonly SidekiqValue[],
  options: { jid?: string; now?: () => number } = {},
): Promise<EnqueuedJob> {
  const now = options.now ?? Date.now;
  const queue = queueOf(worker);
  const jid = options.jid ?? newJid();
  // created_at is taken when the job is normalised, enqueued_at when it is pushed.
  const createdAtMs = now();
  const payload = buildJobPayload(target.format, worker, args, { jid, createdAtMs, enqueuedAtMs: now() });
  const results = await target.redis
    .multi()
    .sadd(`${target.keyPrefix}queues`, queue)
    .lpush(`${target.keyPrefix}queue:${queue}`, payload)
    .exec();
  if (!results) throw new Error("Redis discarded the Sidekiq push.");
  for (const [error] of results) if (error) throw error;
  return { className: worker.className, queue, jid, payload };
}
