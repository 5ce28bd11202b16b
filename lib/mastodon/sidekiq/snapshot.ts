import "server-only";
import type { Redis } from "ioredis";
import type { SidekiqFormat } from "@/lib/mastodon/version";
import { latencySeconds } from "./job-fields";
import type { SidekiqKeys } from "./keys";
import { execOrThrow } from "./pipeline";
import { PROCESS_FIELDS, parseProcess, type SidekiqProcess } from "./processes";

/**
 * Everything Sidekiq's dashboard shows, read in exactly two pipelined round
 * trips whatever the queue sizes and however many processes there are:
 *
 * 1. SMEMBERS queues and processes, GET stat:processed/failed, ZCARD of
 *    schedule, retry and dead (Stats#fetch_stats_fast!);
 * 2. per queue LLEN + LINDEX -1 (Stats#queue_summaries), per process EXISTS +
 *    HMGET of its heartbeat hash (ProcessSet), and optionally HGETALL of its
 *    `:work` hash (WorkSet).
 *
 * A process counts as alive only when its identity is in `processes` AND its
 * heartbeat hash still exists: a crashed process stays in the set until some
 * reader cleans it up, but its hash expires 60 s after the last beat.
 */
export interface QueueFigures {
  name: string;
  size: number;
  /** Age of the oldest job in seconds (Queue#latency), 0 when empty. */
  latency: number;
  /** Threads running a job from this queue; null when work hashes were not read. */
  busy: number | null;
}

export interface SidekiqSnapshot {
  takenAt: number;
  format: SidekiqFormat;
  queues: QueueFigures[];
  enqueued: number;
  scheduled: number;
  retries: number;
  dead: number;
  /** stat:processed / stat:failed: lifetime counters (processed includes failures). */
  processed: number;
  failed: number;
  /** Members of `processes`, alive or not (Stats#processes_size). */
  processesListed: number;
  processesAlive: number;
  busy: number;
  concurrency: number;
  processes: SidekiqProcess[];
}

export interface SnapshotOptions {
  keys: SidekiqKeys;
  format: SidekiqFormat;
  /** Also read every alive process's `:work` hash (running jobs, busy per queue). */
  work?: boolean;
  now?: () => number;
}

const toInt = (v: unknown): number => {
  const n = typeof v === "number" ? v : Number(v ?? 0);
  return Number.isFinite(n) ? n : 0;
};

export async function readSidekiqSnapshot(redis: Redis, options: SnapshotOptions): Promise<SidekiqSnapshot> {
  const { keys, format } = options;
  const first = await execOrThrow(
    redis
      .pipeline()
      .smembers(keys.queues)
      .smembers(keys.processes)
      .get(keys.processed)
      .get(keys.failed)
      .zcard(keys.set("schedule"))
      .zcard(keys.set("retry"))
      .zcard(keys.set("dead")),
  );
  const queueNames = ((first[0] as string[]) ?? []).sort();
  const identities = ((first[1] as string[]) ?? []).sort();

  const second = redis.pipeline();
  for (const name of queueNames) second.llen(keys.queue(name)).lindex(keys.queue(name), -1);
  for (const id of identities) {
    second.exists(keys.process(id)).hmget(keys.process(id), ...PROCESS_FIELDS);
    if (options.work) second.hgetall(keys.work(id));
  }
  const results = queueNames.length + identities.length > 0 ? await execOrThrow(second) : [];
  const now = (options.now ?? Date.now)();

  const queues: QueueFigures[] = queueNames.map((name, i) => ({
    name,
    size: toInt(results[2 * i]),
    latency: latencySeconds(format, (results[2 * i + 1] as string | null) ?? null, now),
    busy: options.work ? 0 : null,
  }));
  const processes: SidekiqProcess[] = [];
  const stride = options.work ? 3 : 2;
  identities.forEach((id, j) => {
    const base = 2 * queueNames.length + stride * j;
    if (toInt(results[base]) !== 1) return;
    const work = options.work ? ((results[base + 2] as Record<string, string>) ?? {}) : null;
    processes.push(parseProcess(id, results[base + 1] as (string | null)[], work, now));
  });
  if (options.work) {
    const byName = new Map(queues.map((q) => [q.name, q]));
    for (const p of processes) {
      for (const r of p.running) {
        const q = byName.get(r.queue);
        if (q) q.busy = (q.busy ?? 0) + 1;
      }
    }
  }

  return {
    takenAt: now,
    format,
    queues,
    enqueued: queues.reduce((sum, q) => sum + q.size, 0),
    scheduled: toInt(first[4]),
    retries: toInt(first[5]),
    dead: toInt(first[6]),
    processed: toInt(first[2]),
    failed: toInt(first[3]),
    processesListed: identities.length,
    processesAlive: processes.length,
    busy: processes.reduce((sum, p) => sum + p.busy, 0),
    concurrency: processes.reduce((sum, p) => sum + p.concurrency, 0),
    processes,
  };
}
