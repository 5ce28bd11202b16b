import type { SidekiqSnapshot } from "@/lib/mastodon/sidekiq/snapshot";
import type { Store } from "@/lib/store/connection";

/**
 * The worker's Sidekiq samples in Howdah's store: written every 10 s
 * (bucket_seconds = 10), read back by the overview, the alerts and the
 * processed/failed rates. History over longer ranges is in history.ts.
 */
export const SAMPLE_EVERY_MS = 10_000;
/** A previous reading older than this is not a baseline: the worker was down, and the chart shows a gap instead of a spike. */
export const MAX_DELTA_GAP_SECONDS = 35;

export interface StoredSample {
  takenAt: Date;
  enqueued: number;
  scheduled: number;
  retries: number;
  dead: number;
  processes: number;
  busy: number;
  concurrency: number;
  processedTotal: number;
  failedTotal: number;
  queues: { name: string; size: number; latency: number }[];
}

/**
 * One sample in ONE statement: the deltas are taken against the previous
 * raw sample inside the same INSERT, and the per-queue rows ride along.
 */
export async function writeSample(store: Store, snapshot: SidekiqSnapshot): Promise<void> {
  await store.pool.query(
    `WITH prev AS (
       SELECT taken_at, processed_total, failed_total FROM howdah.sidekiq_samples
        WHERE bucket_seconds = 10 AND taken_at < $1 ORDER BY taken_at DESC LIMIT 1
     ), fresh AS (
       SELECT prev.taken_at IS NOT NULL AND prev.taken_at >= $1::timestamptz - make_interval(secs => $14)
              AND $9::bigint >= prev.processed_total AND $10::bigint >= prev.failed_total AS ok,
              prev.taken_at, prev.processed_total, prev.failed_total
         FROM (SELECT 1) one LEFT JOIN prev ON true
     ), s AS (
       INSERT INTO howdah.sidekiq_samples (bucket_seconds, taken_at, enqueued, scheduled, retries, dead, processes, busy, concurrency,
                                           processed_total, failed_total, processed_delta, failed_delta, delta_seconds)
       SELECT 10, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10,
              CASE WHEN ok THEN $9::bigint - processed_total END,
              CASE WHEN ok THEN $10::bigint - failed_total END,
              CASE WHEN ok THEN extract(epoch FROM $1::timestamptz - taken_at) END
         FROM fresh
       ON CONFLICT DO NOTHING
       RETURNING taken_at
     )
     INSERT INTO howdah.sidekiq_queue_samples (bucket_seconds, taken_at, queue, size, size_max, latency_seconds, latency_max)
     SELECT 10, s.taken_at, q.queue, q.size, q.size, q.latency, q.latency
       FROM s, unnest($11::text[], $12::bigint[], $13::float8[]) AS q(queue, size, latency)`,
    [
      new Date(snapshot.takenAt),
      snapshot.enqueued,
      snapshot.scheduled,
      snapshot.retries,
      snapshot.dead,
      snapshot.processesAlive,
      snapshot.busy,
      snapshot.concurrency,
      snapshot.processed,
      snapshot.failed,
      snapshot.queues.map((q) => q.name),
      snapshot.queues.map((q) => q.size),
      snapshot.queues.map((q) => Math.max(0, q.latency)),
      MAX_DELTA_GAP_SECONDS,
    ],
  );
}

/** The newest raw sample, if it is no older than `maxAgeMs`. */
export async function latestSample(store: Store, maxAgeMs: number, now = Date.now()): Promise<StoredSample | null> {
  const { rows } = await store.pool.query(
    `SELECT s.*, coalesce((SELECT json_agg(json_build_object('name', q.queue, 'size', q.size, 'latency', q.latency_seconds))
                             FROM howdah.sidekiq_queue_samples q WHERE q.bucket_seconds = 10 AND q.taken_at = s.taken_at), '[]') AS queues
       FROM howdah.sidekiq_samples s
      WHERE s.bucket_seconds = 10 AND s.taken_at >= $1
      ORDER BY s.taken_at DESC LIMIT 1`,
    [new Date(now - maxAgeMs)],
  );
  const r = rows[0];
  if (!r) return null;
  return {
    takenAt: r.taken_at,
    enqueued: Number(r.enqueued),
    scheduled: Number(r.scheduled),
    retries: Number(r.retries),
    dead: Number(r.dead),
    processes: r.processes,
    busy: r.busy,
    concurrency: r.concurrency,
    processedTotal: Number(r.processed_total),
    failedTotal: Number(r.failed_total),
    queues: (r.queues as { name: string; size: number; latency: number }[]).map((q) => ({
      name: q.name,
      size: Number(q.size),
      latency: Number(q.latency),
    })),
  };
}

/** The retry and dead set sizes at the start of each growth window (first raw sample inside it), or null. */
export async function growthBaselines(
  store: Store,
  windows: { retryMinutes: number; deadMinutes: number },
  now = Date.now(),
) {
  const { rows } = await store.pool.query<{ retries: string | null; dead: string | null }>(
    `SELECT (SELECT retries FROM howdah.sidekiq_samples WHERE bucket_seconds = 10 AND taken_at >= $1 ORDER BY taken_at LIMIT 1) AS retries,
            (SELECT dead FROM howdah.sidekiq_samples WHERE bucket_seconds = 10 AND taken_at >= $2 ORDER BY taken_at LIMIT 1) AS dead`,
    [new Date(now - windows.retryMinutes * 60_000), new Date(now - windows.deadMinutes * 60_000)],
  );
  const r = rows[0];
  return { retries: r?.retries == null ? null : Number(r.retries), dead: r?.dead == null ? null : Number(r.dead) };
}

/** When each queue's latency last went above its threshold (first raw sample after the last one below it). */
export async function latencyAlertSince(
  store: Store,
  queues: { queue: string; threshold: number }[],
): Promise<Map<string, Date>> {
  if (queues.length === 0) return new Map();
  const { rows } = await store.pool.query<{ queue: string; since: Date | null }>(
    `SELECT t.queue,
            (SELECT min(q.taken_at) FROM howdah.sidekiq_queue_samples q
              WHERE q.bucket_seconds = 10 AND q.queue = t.queue
                AND q.taken_at > coalesce((SELECT max(b.taken_at) FROM howdah.sidekiq_queue_samples b
                                            WHERE b.bucket_seconds = 10 AND b.queue = t.queue AND b.latency_seconds < t.threshold), '-infinity')) AS since
       FROM unnest($1::text[], $2::float8[]) AS t(queue, threshold)`,
    [queues.map((q) => q.queue), queues.map((q) => q.threshold)],
  );
  return new Map(rows.flatMap((r) => (r.since ? [[r.queue, r.since] as [string, Date]] : [])));
}
