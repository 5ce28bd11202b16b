import "server-only";
import type { Store } from "./connection";

/**
 * The worker's Sidekiq samples in Howdah's store (howdah.sidekiq_samples and
 * howdah.sidekiq_queue_samples): one raw row every 10 s (bucket_seconds =
 * 10), rolled up to 1 min and 10 min. Plain SQL: the worker writes and rolls
 * these up, and never loads Prisma.
 */
export interface QueueSampleRow {
  takenAt: Date;
  /** Null: the figure could not be read from Sidekiq's Redis at that reading (a gap, not a zero). */
  enqueued: number | null;
  scheduled: number | null;
  retries: number | null;
  dead: number | null;
  processes: number | null;
  busy: number | null;
  concurrency: number | null;
  processedTotal: number | null;
  failedTotal: number | null;
  /** Only the queues whose figures could be read. */
  queues: { name: string; size: number; latency: number }[];
}

const orNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/**
 * One sample in ONE statement: the deltas are taken against the previous
 * raw sample inside the same INSERT (none when it is older than
 * `maxDeltaGapSeconds` or a counter went down), and the per-queue rows ride along.
 */
export async function insertQueueSample(
  store: Store,
  sample: QueueSampleRow,
  maxDeltaGapSeconds: number,
): Promise<void> {
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
       INSERT INTO howdah.sidekiq_samples (bucket_seconds, taken_at, enqueued, scheduled, retries, dead,
                                           processes, busy, concurrency,
                                           processed_total, failed_total, processed_delta, failed_delta, delta_seconds)
       SELECT 10, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10,
              CASE WHEN ok THEN $9::bigint - processed_total END,
              CASE WHEN ok THEN $10::bigint - failed_total END,
              CASE WHEN ok THEN extract(epoch FROM $1::timestamptz - taken_at) END
         FROM fresh
       ON CONFLICT DO NOTHING
       RETURNING taken_at
     )
     INSERT INTO howdah.sidekiq_queue_samples (bucket_seconds, taken_at, queue, size, size_max, latency_seconds,
                                               latency_max)
     SELECT 10, s.taken_at, q.queue, q.size, q.size, q.latency, q.latency
       FROM s, unnest($11::text[], $12::bigint[], $13::float8[]) AS q(queue, size, latency)`,
    [
      sample.takenAt,
      sample.enqueued,
      sample.scheduled,
      sample.retries,
      sample.dead,
      sample.processes,
      sample.busy,
      sample.concurrency,
      sample.processedTotal,
      sample.failedTotal,
      sample.queues.map((q) => q.name),
      sample.queues.map((q) => q.size),
      sample.queues.map((q) => q.latency),
      maxDeltaGapSeconds,
    ],
  );
}

/** The newest raw sample taken at or after `since`, with its queues. */
export async function readLatestQueueSample(store: Store, since: Date): Promise<QueueSampleRow | null> {
  const { rows } = await store.pool.query(
    `SELECT s.*, coalesce((SELECT json_agg(json_build_object('name', q.queue, 'size', q.size,
                                                             'latency', q.latency_seconds))
                             FROM howdah.sidekiq_queue_samples q
                            WHERE q.bucket_seconds = 10 AND q.taken_at = s.taken_at), '[]') AS queues
       FROM howdah.sidekiq_samples s
      WHERE s.bucket_seconds = 10 AND s.taken_at >= $1
      ORDER BY s.taken_at DESC LIMIT 1`,
    [since],
  );
  const r = rows[0];
  if (!r) return null;
  return {
    takenAt: r.taken_at,
    enqueued: orNull(r.enqueued),
    scheduled: orNull(r.scheduled),
    retries: orNull(r.retries),
    dead: orNull(r.dead),
    processes: orNull(r.processes),
    busy: orNull(r.busy),
    concurrency: orNull(r.concurrency),
    processedTotal: orNull(r.processed_total),
    failedTotal: orNull(r.failed_total),
    queues: (r.queues as { name: string; size: number; latency: number }[]).map((q) => ({
      name: q.name,
      size: Number(q.size),
      latency: Number(q.latency),
    })),
  };
}

/** The retry and dead set sizes in the first raw sample at or after each time, or null. */
export async function readSetSizesSince(
  store: Store,
  since: { retries: Date; dead: Date },
): Promise<{ retries: number | null; dead: number | null }> {
  const { rows } = await store.pool.query<{ retries: string | null; dead: string | null }>(
    `SELECT (SELECT retries FROM howdah.sidekiq_samples
              WHERE bucket_seconds = 10 AND taken_at >= $1 ORDER BY taken_at LIMIT 1) AS retries,
            (SELECT dead FROM howdah.sidekiq_samples
              WHERE bucket_seconds = 10 AND taken_at >= $2 ORDER BY taken_at LIMIT 1) AS dead`,
    [since.retries, since.dead],
  );
  const r = rows[0];
  return { retries: r?.retries == null ? null : Number(r.retries), dead: r?.dead == null ? null : Number(r.dead) };
}

/** Per queue: the first raw sample after the last one whose latency was below `threshold`. */
export async function readLatencyAboveSince(
  store: Store,
  queues: { queue: string; threshold: number }[],
): Promise<Map<string, Date>> {
  if (queues.length === 0) return new Map();
  const { rows } = await store.pool.query<{ queue: string; since: Date | null }>(
    `SELECT t.queue,
            (SELECT min(q.taken_at) FROM howdah.sidekiq_queue_samples q
              WHERE q.bucket_seconds = 10 AND q.queue = t.queue
                AND q.taken_at > coalesce((SELECT max(b.taken_at) FROM howdah.sidekiq_queue_samples b
                                            WHERE b.bucket_seconds = 10 AND b.queue = t.queue
                                              AND b.latency_seconds < t.threshold), '-infinity')) AS since
       FROM unnest($1::text[], $2::float8[]) AS t(queue, threshold)`,
    [queues.map((q) => q.queue), queues.map((q) => q.threshold)],
  );
  return new Map(rows.flatMap((r) => (r.since ? [[r.queue, r.since] as [string, Date]] : [])));
}

/** The oldest raw sample's lifetime counters between two times, or null. */
export async function readFirstCountersBetween(
  store: Store,
  from: Date,
  to: Date,
): Promise<{ at: number; processed: number; failed: number } | null> {
  const { rows } = await store.pool.query<{ at: Date; processed: string; failed: string }>(
    `SELECT taken_at AS at, processed_total AS processed, failed_total AS failed FROM howdah.sidekiq_samples
      WHERE bucket_seconds = 10 AND taken_at BETWEEN $1 AND $2
        AND processed_total IS NOT NULL AND failed_total IS NOT NULL
      ORDER BY taken_at ASC LIMIT 1`,
    [from, to],
  );
  const row = rows[0];
  return row ? { at: row.at.getTime(), processed: Number(row.processed), failed: Number(row.failed) } : null;
}

/** pg hands numeric and float8 results over as text or number depending on the type: callers apply Number(). */
type Figure = string | number | null;

export interface QueueHistoryRows {
  totals: {
    t: Figure;
    enqueued: Figure;
    scheduled: Figure;
    retries: Figure;
    dead: Figure;
    processes: Figure;
    busy: Figure;
    concurrency: Figure;
    processed_per_minute: Figure;
    failed_per_minute: Figure;
  }[];
  queues: { t: Figure; queue: string; size: Figure; latency: Figure; latency_max: Figure }[];
}

const BIN = "date_bin(make_interval(secs => $2::integer), taken_at, TIMESTAMPTZ 'epoch')";

/**
 * Samples of one resolution (`sourceSeconds`) between two times, averaged
 * into bins of `binSeconds`: the totals, and each queue's size and latency.
 */
export async function readQueueHistoryRows(
  store: Store,
  range: { sourceSeconds: number; binSeconds: number; from: Date; to: Date },
): Promise<QueueHistoryRows> {
  const params = [range.sourceSeconds, range.binSeconds, range.from, range.to];
  const [totals, queues] = await Promise.all([
    store.pool.query(
      `SELECT extract(epoch FROM ${BIN}) * 1000 AS t,
              avg(enqueued)::float8 AS enqueued, avg(scheduled)::float8 AS scheduled,
              avg(retries)::float8 AS retries, avg(dead)::float8 AS dead,
              avg(processes)::float8 AS processes, avg(busy)::float8 AS busy, max(concurrency) AS concurrency,
              sum(processed_delta)::float8 * 60
                / nullif(sum(delta_seconds) FILTER (WHERE processed_delta IS NOT NULL), 0) AS processed_per_minute,
              sum(failed_delta)::float8 * 60
                / nullif(sum(delta_seconds) FILTER (WHERE failed_delta IS NOT NULL), 0) AS failed_per_minute
         FROM howdah.sidekiq_samples WHERE bucket_seconds = $1 AND taken_at >= $3 AND taken_at <= $4
        GROUP BY 1 ORDER BY 1`,
      params,
    ),
    store.pool.query(
      `SELECT extract(epoch FROM ${BIN}) * 1000 AS t, queue, avg(size)::float8 AS size,
              avg(latency_seconds) AS latency, max(latency_max) AS latency_max
         FROM howdah.sidekiq_queue_samples WHERE bucket_seconds = $1 AND taken_at >= $3 AND taken_at <= $4
        GROUP BY 1, 2`,
      params,
    ),
  ]);
  return { totals: totals.rows, queues: queues.rows };
}

/**
 * Rolls closed buckets of `fromSeconds` up into `toSeconds` buckets.
 * Idempotent: it re-rolls from the newest bucket it already wrote (which may
 * have been written before its last samples arrived) and upserts.
 */
export async function rollupQueueSamples(
  store: Store,
  fromSeconds: number,
  toSeconds: number,
  now: Date,
): Promise<void> {
  const params = [fromSeconds, toSeconds, now];
  const closed = `date_bin(make_interval(secs => $2::integer), $3::timestamptz, TIMESTAMPTZ 'epoch')`;
  await store.pool.query(
    `INSERT INTO howdah.sidekiq_samples (bucket_seconds, taken_at, samples, enqueued, scheduled, retries, dead,
                                         processes, busy, concurrency,
                                         processed_total, failed_total, processed_delta, failed_delta, delta_seconds)
     SELECT $2::integer, ${BIN} AS bucket, sum(samples), round(avg(enqueued)), round(avg(scheduled)),
            round(avg(retries)), round(avg(dead)),
            round(avg(processes)), round(avg(busy)), max(concurrency), max(processed_total), max(failed_total),
            sum(processed_delta), sum(failed_delta), sum(delta_seconds) FILTER (WHERE processed_delta IS NOT NULL)
       FROM howdah.sidekiq_samples
      WHERE bucket_seconds = $1 AND taken_at < ${closed}
        AND taken_at >= coalesce((SELECT max(taken_at) FROM howdah.sidekiq_samples WHERE bucket_seconds = $2),
                                 '-infinity')
      GROUP BY bucket
     ON CONFLICT (bucket_seconds, taken_at) DO UPDATE SET
       samples = EXCLUDED.samples, enqueued = EXCLUDED.enqueued, scheduled = EXCLUDED.scheduled,
       retries = EXCLUDED.retries, dead = EXCLUDED.dead,
       processes = EXCLUDED.processes, busy = EXCLUDED.busy, concurrency = EXCLUDED.concurrency,
       processed_total = EXCLUDED.processed_total,
       failed_total = EXCLUDED.failed_total, processed_delta = EXCLUDED.processed_delta,
       failed_delta = EXCLUDED.failed_delta, delta_seconds = EXCLUDED.delta_seconds`,
    params,
  );
  await store.pool.query(
    `INSERT INTO howdah.sidekiq_queue_samples (bucket_seconds, taken_at, queue, size, size_max, latency_seconds,
                                               latency_max)
     SELECT $2::integer, ${BIN} AS bucket, queue, round(avg(size)), max(size_max), avg(latency_seconds),
            max(latency_max)
       FROM howdah.sidekiq_queue_samples
      WHERE bucket_seconds = $1 AND taken_at < ${closed}
        AND taken_at >= coalesce((SELECT max(taken_at) FROM howdah.sidekiq_queue_samples WHERE bucket_seconds = $2),
                                 '-infinity')
      GROUP BY bucket, queue
     ON CONFLICT (bucket_seconds, queue, taken_at) DO UPDATE SET
       size = EXCLUDED.size, size_max = EXCLUDED.size_max, latency_seconds = EXCLUDED.latency_seconds,
       latency_max = EXCLUDED.latency_max`,
    params,
  );
}

/** Deletes the samples of one resolution taken before `before`. */
export async function deleteQueueSamplesBefore(store: Store, bucketSeconds: number, before: Date): Promise<void> {
  await store.pool.query("DELETE FROM howdah.sidekiq_samples WHERE bucket_seconds = $1 AND taken_at < $2", [
    bucketSeconds,
    before,
  ]);
  await store.pool.query("DELETE FROM howdah.sidekiq_queue_samples WHERE bucket_seconds = $1 AND taken_at < $2", [
    bucketSeconds,
    before,
  ]);
}
