import "server-only";
import type { Redis } from "ioredis";
import type { SidekiqFormat } from "@/lib/mastodon/version";
import type { JobSetName, JobSource, SidekiqKeys } from "./keys";
import { execOrThrow } from "./pipeline";
import { repushPayload } from "./repush";

/**
 * Sidekiq's job actions, each atomic on Redis so a Sidekiq process working
 * at the same moment can neither run a job twice nor lose one. A job is
 * named by its exact stored string, as Sidekiq's own API does (LREM / ZREM
 * of the value): if that string is no longer there, nothing happens and the
 * caller is told so.
 */

// ZREM the exact member; only if it was there, SADD queues + LPUSH the new payload.
const MOVE_TO_QUEUE = `
if redis.call('ZREM', KEYS[1], ARGV[1]) == 0 then return 0 end
redis.call('SADD', KEYS[2], ARGV[2])
redis.call('LPUSH', KEYS[3], ARGV[3])
return 1`;

// The same for a batch: KEYS = set, queues, then one queue key per job; ARGV = member, queue name, payload per job.
const MOVE_BATCH_TO_QUEUES = `
local moved = 0
for i = 3, #KEYS do
  local a = (i - 3) * 3
  if redis.call('ZREM', KEYS[1], ARGV[a + 1]) == 1 then
    redis.call('SADD', KEYS[2], ARGV[a + 2])
    redis.call('LPUSH', KEYS[i], ARGV[a + 3])
    moved = moved + 1
  end
end
return moved`;

/**
 * SortedEntry#kill → DeadSet#kill: ZREM the exact member from its set and,
 * only if it was there, ZADD it unchanged to `dead` at now (Float seconds in
 * every version), then trim `dead` as Sidekiq does after each death: older
 * than dead_timeout (180 days) and beyond dead_max_jobs (ZREMRANGEBYRANK 0
 * -10000, which keeps the newest 9,999). One script, so a Sidekiq process
 * cannot retry the job in between.
 */
const MOVE_TO_DEAD = `
if redis.call('ZREM', KEYS[1], ARGV[1]) == 0 then return 0 end
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', ARGV[3])
redis.call('ZREMRANGEBYRANK', KEYS[2], 0, -tonumber(ARGV[4]))
return 1`;

/** Sidekiq's defaults (config.rb dead_timeout_in_seconds, dead_max_jobs); Mastodon keeps them. */
export const DEAD_TIMEOUT_SECONDS = 180 * 24 * 60 * 60;
export const DEAD_MAX_JOBS = 10_000;

/** Moves one exact member of `retry` (or `schedule`) to `dead`; true when it was there. */
export async function killJob(
  redis: Redis,
  keys: SidekiqKeys,
  set: JobSetName,
  raw: string,
  options: { nowMs?: number } = {},
): Promise<boolean> {
  const now = (options.nowMs ?? Date.now()) / 1000;
  const moved = await redis.eval(
    MOVE_TO_DEAD,
    2,
    keys.set(set),
    keys.set("dead"),
    raw,
    String(now),
    String(now - DEAD_TIMEOUT_SECONDS),
    String(DEAD_MAX_JOBS),
  );
  return Number(moved) === 1;
}

/** LREM queue:<q> 1 <value> (JobRecord#delete) or ZREM <set> <value> (SortedEntry#delete). True when it was there. */
export async function deleteJob(redis: Redis, keys: SidekiqKeys, source: JobSource, raw: string): Promise<boolean> {
  const removed =
    source.kind === "queue"
      ? await redis.lrem(keys.source(source), 1, raw)
      : await redis.zrem(keys.source(source), raw);
  return Number(removed) > 0;
}

export interface RequeueResult {
  moved: boolean;
  queue: string;
  jid: string;
  className: string;
}

/**
 * Retry now: SortedEntry#retry for `retry` and `dead` (retry_count − 1),
 * #add_to_queue for `schedule` (unchanged), then Client#push.
 */
export async function requeueJob(
  redis: Redis,
  keys: SidekiqKeys,
  set: JobSetName,
  raw: string,
  options: { format: SidekiqFormat; nowMs?: number },
): Promise<RequeueResult> {
  const next = repushPayload(raw, {
    format: options.format,
    nowMs: options.nowMs ?? Date.now(),
    decrementRetryCount: set !== "schedule",
  });
  const moved = await redis.eval(
    MOVE_TO_QUEUE,
    3,
    keys.set(set),
    keys.queues,
    keys.queue(next.queue),
    raw,
    next.queue,
    next.payload,
  );
  return { moved: Number(moved) === 1, queue: next.queue, jid: next.jid, className: next.className };
}

/**
 * RetrySet#retry_all: every job now in `retry`, soonest first (ZPOPMIN
 * order), with retry_count − 1, pushed onto its queue. Works in atomic
 * batches; stops after as many jobs as the set held at the start, so retries
 * that fail again meanwhile are not looped over. A member that is not a
 * valid job is left where it is and counted.
 */
export async function retryAllJobs(
  redis: Redis,
  keys: SidekiqKeys,
  options: { format: SidekiqFormat; batch?: number; now?: () => number },
): Promise<{ moved: number; skipped: number }> {
  const batch = options.batch ?? 500;
  const now = options.now ?? Date.now;
  const setKey = keys.set("retry");
  const initial = await redis.zcard(setKey);
  let moved = 0;
  let skipped = 0;
  let examined = 0;
  while (examined < initial) {
    const members = await redis.zrange(
      setKey,
      String(skipped),
      String(skipped + Math.min(batch, initial - examined) - 1),
    );
    if (members.length === 0) break;
    examined += members.length;
    const jobs: { raw: string; queue: string; payload: string }[] = [];
    for (const raw of members) {
      try {
        jobs.push({ raw, ...repushPayload(raw, { format: options.format, nowMs: now(), decrementRetryCount: true }) });
      } catch {
        skipped++;
      }
    }
    if (jobs.length === 0) continue;
    const result = await redis.eval(
      MOVE_BATCH_TO_QUEUES,
      2 + jobs.length,
      setKey,
      keys.queues,
      ...jobs.map((j) => keys.queue(j.queue)),
      ...jobs.flatMap((j) => [j.raw, j.queue, j.payload]),
    );
    moved += Number(result);
  }
  return { moved, skipped };
}

/** DeadSet#clear: UNLINK dead. Returns how many jobs it held. */
export async function clearDeadJobs(redis: Redis, keys: SidekiqKeys): Promise<number> {
  const [count] = await execOrThrow(redis.multi().zcard(keys.set("dead")).unlink(keys.set("dead")));
  return Number(count);
}
