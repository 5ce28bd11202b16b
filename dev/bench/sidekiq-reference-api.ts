import type { Redis } from "ioredis";
import { parseRubyJson, RubyFloat, type RubyValue } from "@/lib/mastodon/sidekiq/ruby-json";
import type { SidekiqFormat } from "@/lib/mastodon/version";
import type { SidekiqKeys } from "@/lib/mastodon/sidekiq/keys";

/**
 * Sidekiq's own Data API (lib/sidekiq/api.rb at v6.5.12, v7.3.9, v8.0.9 and
 * v8.1.6) transcribed literally: one Redis command per round trip, every job
 * fully parsed as Sidekiq.load_json would (Float kept apart from Integer).
 * It is the yardstick Howdah's fast reader is tested against, and the naive
 * way the benchmark compares it with. Not used to serve pages.
 */
export interface ReferenceFigures {
  processed: number;
  failed: number;
  scheduledSize: number;
  retrySize: number;
  deadSize: number;
  processesSize: number;
  enqueued: number;
  workersSize: number;
  /** Queue#latency and #size per queue of Queue.all. */
  queues: Record<string, { size: number; latency: number }>;
  /** ProcessSet#each (info present) and #total_concurrency. */
  aliveProcesses: number;
  totalConcurrency: number;
  /** WorkSet entries per queue. */
  busyByQueue: Record<string, number>;
}

const unwrap = (v: RubyValue | undefined): number | null =>
  v instanceof RubyFloat ? v.value : typeof v === "number" ? v : typeof v === "bigint" ? Number(v) : null;

/** Queue#latency of each version, `now` in epoch ms. */
export function referenceLatency(format: SidekiqFormat, entry: string | null, nowMs: number): number {
  if (!entry) return 0;
  const job = parseRubyJson(entry) as Map<string, RubyValue>;
  if (format === "8.0" || format === "8.1") {
    // ApiUtils#calculate_latency: Float = seconds ("old format"), else Integer ms.
    const ts = job.get("enqueued_at") ?? job.get("created_at");
    if (ts === undefined || ts === null) return 0;
    if (ts instanceof RubyFloat) return nowMs / 1000 - ts.value;
    return (Math.floor(nowMs) - (unwrap(ts) ?? 0)) / 1000;
  }
  // 6.5 / 7.3: thence = job["enqueued_at"] || now; now - thence.
  const thence = unwrap(job.get("enqueued_at")) ?? nowMs / 1000;
  return nowMs / 1000 - thence;
}

export async function referenceFigures(
  redis: Redis,
  keys: SidekiqKeys,
  format: SidekiqFormat,
  nowMs: number,
): Promise<ReferenceFigures> {
  const toI = (v: string | null) => (v === null ? 0 : Number.parseInt(v, 10) || 0);
  const processes = await redis.smembers(keys.processes);
  const queues = (await redis.smembers(keys.queues)).sort();
  const out: ReferenceFigures = {
    processed: toI(await redis.get(keys.processed)),
    failed: toI(await redis.get(keys.failed)),
    scheduledSize: await redis.zcard(keys.set("schedule")),
    retrySize: await redis.zcard(keys.set("retry")),
    deadSize: await redis.zcard(keys.set("dead")),
    processesSize: await redis.scard(keys.processes),
    enqueued: 0,
    workersSize: 0,
    queues: {},
    aliveProcesses: 0,
    totalConcurrency: 0,
    busyByQueue: {},
  };
  for (const id of processes) out.workersSize += toI(await redis.hget(keys.process(id), "busy"));
  for (const name of queues) {
    const size = await redis.llen(keys.queue(name));
    out.enqueued += size;
    out.queues[name] = { size, latency: referenceLatency(format, await redis.lindex(keys.queue(name), -1), nowMs) };
  }
  for (const id of processes.sort()) {
    const info = await redis.hget(keys.process(id), "info");
    if (info === null) continue;
    out.aliveProcesses++;
    // 8.1.6 reads the `concurrency` hash field (.to_i); earlier versions keep it in info.
    out.totalConcurrency +=
      format === "8.1"
        ? toI(await redis.hget(keys.process(id), "concurrency"))
        : Number((JSON.parse(info) as { concurrency?: number }).concurrency ?? 0);
    const work = await redis.hgetall(keys.work(id));
    for (const value of Object.values(work)) {
      if (!value) continue;
      const queue = String((JSON.parse(value) as { queue: string }).queue);
      out.busyByQueue[queue] = (out.busyByQueue[queue] ?? 0) + 1;
    }
  }
  return out;
}
