import "server-only";
import { z } from "zod";
import { compareQueues } from "@/lib/mastodon/sidekiq/queue-order";
import type { Store } from "@/lib/store/connection";
import { deleteQueueSamplesBefore, readQueueHistoryRows, rollupQueueSamples } from "@/lib/store/queue-samples";

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

export async function readHistory(store: Store, range: HistoryRange, now = Date.now()): Promise<QueueHistory> {
  const { ms, source, bin } = RANGE[range];
  const from = new Date(now - ms);
  const { totals, queues } = await readQueueHistoryRows(store, {
    sourceSeconds: source,
    binSeconds: bin,
    from,
    to: new Date(now),
  });

  const names = [...new Set(queues.map((r) => r.queue))].sort(compareQueues);
  const byTime = new Map<number, HistoryPoint>();
  const round = (v: unknown) => (v === null || v === undefined ? null : Math.round(Number(v) * 100) / 100);
  for (const r of totals) {
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
  for (const r of queues) {
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
    await rollupQueueSamples(store, TIERS[i - 1]!.seconds, TIERS[i]!.seconds, new Date(now));
  }
  for (const tier of TIERS) await deleteQueueSamplesBefore(store, tier.seconds, new Date(now - tier.keepMs));
}
