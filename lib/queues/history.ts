import { z } from "zod";
import type { Store } from "@/lib/store/connection";
import { compareQueues } from "./sidekiq-access";

/**
 * Queue history from the worker's samples, at three resolutions:
 * 10 s kept 25 h, 1 min kept 7 days, 10 min kept 90 days (each with a
 * margin). A range is read from the finest resolution that covers it and
 * binned on read to about 360 points. Where no sample exists for longer than
 * two and a half bins (the worker was down), a null point makes the chart
 * show a gap for exactly that time instead of drawing a line across it.
 */
export const HISTORY_RANGES = ["1h", "24h", "7d", "30d", "90d"] as const;
export type HistoryRange = (typeof HISTORY_RANGES)[number];
export const historyRangeSchema = z.enum(HISTORY_RANGES);

const RANGE: Record<HistoryRange, { ms: number; source: number; bin: number }> = {
  "1h": { ms: 3_600_000, source: 10, bin: 10 },
  "24h": { ms: 86_400_000, source: 10, bin: 240 },
  "7d": { ms: 7 * 86_400_000, source: 60, bin: 1_800 },
  "30d": { ms: 30 * 86_400_000, source: 600, bin: 7_200 },
  "90d": { ms: 90 * 86_400_000, source: 600, bin: 21_600 },
};

/** Rollup chain (from → to) and how long each resolution is kept. */
const TIERS = [
  { seconds: 10, keepMs: 25 * 3_600_000 },
  { seconds: 60, keepMs: 7 * 86_400_000 + 3_600_000 },
  { seconds: 600, keepMs: 91 * 86_400_000 },
] as const;

export interface HistoryPoint {
  t: number;
  enqueued: number | null;
  scheduled: number | null;
  retries: number | null;
  dead: number | null;
  processes: number | null;
  busy: number | null;
  concurrency: number | null;
  processedPerMinute: number | null;
  failedPerMinute: number | null;
  /** Per queue: average size and latency (s) over the bin. */
  size: Record<string, number | null>;
  latency: Record<string, number | null>;
  /** Per queue: the highest latency seen in the bin. */
  latencyMax: Record<string, number | null>;
}

export interface QueueHistory {
  range: HistoryRange;
  binSeconds: number;
  from: number;
  to: number;
  queues: string[];
  points: HistoryPoint[];
}

const BIN = "date_bin(make_interval(secs => $2::integer), taken_at, TIMESTAMPTZ 'epoch')";

export async function readHistory(store: Store, range: HistoryRange, now = Date.now()): Promise<QueueHistory> {
  const { ms, source, bin } = RANGE[range];
  const from = new Date(now - ms);
  const params = [source, bin, from, new Date(now)];
  const [totals, queues] = await Promise.all([
    store.pool.query(
      `SELECT extract(epoch FROM ${BIN}) * 1000 AS t,
              avg(enqueued)::float8 AS enqueued, avg(scheduled)::float8 AS scheduled, avg(retries)::float8 AS retries, avg(dead)::float8 AS dead,
              avg(processes)::float8 AS processes, avg(busy)::float8 AS busy, max(concurrency) AS concurrency,
              sum(processed_delta)::float8 * 60 / nullif(sum(delta_seconds) FILTER (WHERE processed_delta IS NOT NULL), 0) AS processed_per_minute,
              sum(failed_delta)::float8 * 60 / nullif(sum(delta_seconds) FILTER (WHERE failed_delta IS NOT NULL), 0) AS failed_per_minute
         FROM howdah.sidekiq_samples WHERE bucket_seconds = $1 AND taken_at >= $3 AND taken_at <= $4
        GROUP BY 1 ORDER BY 1`,
      params,
    ),
    store.pool.query(
      `SELECT extract(epoch FROM ${BIN}) * 1000 AS t, queue, avg(size)::float8 AS size, avg(latency_seconds) AS latency, max(latency_max) AS latency_max
         FROM howdah.sidekiq_queue_samples WHERE bucket_seconds = $1 AND taken_at >= $3 AND taken_at <= $4
        GROUP BY 1, 2`,
      params,
    ),
  ]);

  const names = [...new Set(queues.rows.map((r) => r.queue as string))].sort(compareQueues);
  const byTime = new Map<number, HistoryPoint>();
  const round = (v: unknown) => (v === null || v === undefined ? null : Math.round(Number(v) * 100) / 100);
  for (const r of totals.rows) {
    const t = Number(r.t);
    byTime.set(t, {
      t,
      enqueued: round(r.enqueued),
      scheduled: round(r.scheduled),
      retries: round(r.retries),
      dead: round(r.dead),
      processes: round(r.processes),
      busy: round(r.busy),
      concurrency: round(r.concurrency),
      processedPerMinute: round(r.processed_per_minute),
      failedPerMinute: round(r.failed_per_minute),
      size: {},
      latency: {},
      latencyMax: {},
    });
  }
  for (const r of queues.rows) {
    const point = byTime.get(Number(r.t));
    if (!point) continue;
    point.size[r.queue] = round(r.size);
    point.latency[r.queue] = round(r.latency);
    point.latencyMax[r.queue] = round(r.latency_max);
  }
  return {
    range,
    binSeconds: bin,
    from: from.getTime(),
    to: now,
    queues: names,
    points: withGaps([...byTime.values()], Math.max(bin, source), names),
  };
}

function emptyPoint(t: number, names: string[]): HistoryPoint {
  const none = Object.fromEntries(names.map((n) => [n, null]));
  return {
    t,
    enqueued: null,
    scheduled: null,
    retries: null,
    dead: null,
    processes: null,
    busy: null,
    concurrency: null,
    processedPerMinute: null,
    failedPerMinute: null,
    size: { ...none },
    latency: { ...none },
    latencyMax: { ...none },
  };
}

export function withGaps(points: HistoryPoint[], binSeconds: number, names: string[]): HistoryPoint[] {
  const out: HistoryPoint[] = [];
  const limit = 2.5 * binSeconds * 1000;
  for (const point of points) {
    const prev = out[out.length - 1];
    if (prev && point.t - prev.t > limit) out.push(emptyPoint(prev.t + binSeconds * 1000, names));
    out.push(point);
  }
  return out;
}

/**
 * Rolls closed buckets up one resolution at a time (10 s → 1 min → 10 min)
 * and deletes what each resolution no longer keeps. Idempotent: it re-rolls
 * from the newest bucket it already wrote (which may have been written
 * before its last samples arrived) and upserts.
 */
export async function rollupHistory(store: Store, now = Date.now()): Promise<void> {
  for (let i = 1; i < TIERS.length; i++) {
    const from = TIERS[i - 1]!.seconds;
    const to = TIERS[i]!.seconds;
    const params = [from, to, new Date(now)];
    const closed = `date_bin(make_interval(secs => $2::integer), $3::timestamptz, TIMESTAMPTZ 'epoch')`;
    await store.pool.query(
      `INSERT INTO howdah.sidekiq_samples (bucket_seconds, taken_at, samples, enqueued, scheduled, retries, dead, processes, busy, concurrency,
                                           processed_total, failed_total, processed_delta, failed_delta, delta_seconds)
       SELECT $2::integer, ${BIN} AS bucket, sum(samples), round(avg(enqueued)), round(avg(scheduled)), round(avg(retries)), round(avg(dead)),
              round(avg(processes)), round(avg(busy)), max(concurrency), max(processed_total), max(failed_total),
              sum(processed_delta), sum(failed_delta), sum(delta_seconds) FILTER (WHERE processed_delta IS NOT NULL)
         FROM howdah.sidekiq_samples
        WHERE bucket_seconds = $1 AND taken_at < ${closed}
          AND taken_at >= coalesce((SELECT max(taken_at) FROM howdah.sidekiq_samples WHERE bucket_seconds = $2), '-infinity')
        GROUP BY bucket
       ON CONFLICT (bucket_seconds, taken_at) DO UPDATE SET
         samples = EXCLUDED.samples, enqueued = EXCLUDED.enqueued, scheduled = EXCLUDED.scheduled, retries = EXCLUDED.retries, dead = EXCLUDED.dead,
         processes = EXCLUDED.processes, busy = EXCLUDED.busy, concurrency = EXCLUDED.concurrency, processed_total = EXCLUDED.processed_total,
         failed_total = EXCLUDED.failed_total, processed_delta = EXCLUDED.processed_delta, failed_delta = EXCLUDED.failed_delta, delta_seconds = EXCLUDED.delta_seconds`,
      params,
    );
    await store.pool.query(
      `INSERT INTO howdah.sidekiq_queue_samples (bucket_seconds, taken_at, queue, size, size_max, latency_seconds, latency_max)
       SELECT $2::integer, ${BIN} AS bucket, queue, round(avg(size)), max(size_max), avg(latency_seconds), max(latency_max)
         FROM howdah.sidekiq_queue_samples
        WHERE bucket_seconds = $1 AND taken_at < ${closed}
          AND taken_at >= coalesce((SELECT max(taken_at) FROM howdah.sidekiq_queue_samples WHERE bucket_seconds = $2), '-infinity')
        GROUP BY bucket, queue
       ON CONFLICT (bucket_seconds, queue, taken_at) DO UPDATE SET
         size = EXCLUDED.size, size_max = EXCLUDED.size_max, latency_seconds = EXCLUDED.latency_seconds, latency_max = EXCLUDED.latency_max`,
      params,
    );
  }
  for (const tier of TIERS) {
    const before = new Date(now - tier.keepMs);
    await store.pool.query("DELETE FROM howdah.sidekiq_samples WHERE bucket_seconds = $1 AND taken_at < $2", [
      tier.seconds,
      before,
    ]);
    await store.pool.query("DELETE FROM howdah.sidekiq_queue_samples WHERE bucket_seconds = $1 AND taken_at < $2", [
      tier.seconds,
      before,
    ]);
  }
}
