import "server-only";
import type pg from "pg";
import { inTransaction } from "@/lib/pg/in-transaction";
import type { Store } from "./connection";

/**
 * The status page's history in Howdah's store: one sample per component and
 * worker run (howdah.status_samples) and the seconds each component spent in
 * each state per UTC day (howdah.status_days). Plain SQL: the worker records
 * these every 30 s and never loads Prisma.
 */
export interface StatusSampleRow {
  component: string;
  state: string;
  responseMs: number | null;
}

/** Transaction lock around every history write ("howd" namespace, as the storage locks). */
const HISTORY_LOCK = [0x686f7764, 51] as const;

/**
 * Inserts the samples and credits each component's day with the time since
 * its previous sample (no older than `maxCreditSeconds`; a first sample after
 * a gap is credited `firstCreditSeconds`). Unknown states are not credited.
 *
 * Every web process measures, and a process that could not reach the store
 * records its samples late, so writes can interleave. Under one lock, and
 * keyed by (component, time), the seconds stay right: a sample recorded twice
 * is recorded once, and a sample that lands before one already recorded (a
 * late one) is kept for "since" but credits nothing, since the later sample
 * already credited that time.
 */
export async function insertStatusSamples(
  store: Store,
  at: Date,
  samples: StatusSampleRow[],
  credit: { maxCreditSeconds: number; firstCreditSeconds: number },
): Promise<void> {
  await inTransaction(store.pool, async (client) => {
    await client.query("SELECT pg_advisory_xact_lock($1, $2)", [...HISTORY_LOCK]);
    await insertAndCredit(client, at, samples, credit);
  });
}

async function insertAndCredit(
  client: pg.PoolClient,
  at: Date,
  samples: StatusSampleRow[],
  credit: { maxCreditSeconds: number; firstCreditSeconds: number },
): Promise<void> {
  await client.query(
    `WITH input AS (
       SELECT * FROM unnest($2::text[], $3::text[], $4::real[]) AS t(component, state, response_ms)
     ), prev AS (
       SELECT component, max(checked_at) AS checked_at FROM howdah.status_samples
        WHERE checked_at < $1 AND checked_at >= $1::timestamptz - make_interval(secs => $5)
          AND component = ANY($2::text[])
        GROUP BY component
     ), inserted AS (
       INSERT INTO howdah.status_samples (component, checked_at, state, response_ms)
       SELECT component, $1, state, response_ms FROM input
       ON CONFLICT DO NOTHING
       RETURNING component, state
     ), credit AS (
       SELECT i.component, i.state,
              coalesce(extract(epoch FROM $1::timestamptz - p.checked_at)::float8, $6::float8) AS seconds
         FROM inserted i LEFT JOIN prev p USING (component)
        WHERE i.state <> 'unknown'
          AND NOT EXISTS (SELECT 1 FROM howdah.status_samples n
                           WHERE n.component = i.component AND n.checked_at > $1
                             AND n.checked_at <= $1::timestamptz + make_interval(secs => $5))
     )
     INSERT INTO howdah.status_days AS d (component, day, operational_seconds, degraded_seconds, outage_seconds)
     SELECT component, ($1::timestamptz AT TIME ZONE 'UTC')::date,
            CASE WHEN state = 'operational' THEN seconds ELSE 0 END,
            CASE WHEN state = 'degraded' THEN seconds ELSE 0 END,
            CASE WHEN state = 'outage' THEN seconds ELSE 0 END
       FROM credit
     ON CONFLICT (component, day) DO UPDATE SET
       operational_seconds = d.operational_seconds + excluded.operational_seconds,
       degraded_seconds = d.degraded_seconds + excluded.degraded_seconds,
       outage_seconds = d.outage_seconds + excluded.outage_seconds`,
    [
      at,
      samples.map((s) => s.component),
      samples.map((s) => s.state),
      samples.map((s) => s.responseMs),
      credit.maxCreditSeconds,
      credit.firstCreditSeconds,
    ],
  );
}

/** Drops samples older than `sampleHours` and day rows older than `dayDays`. */
export async function deleteOldStatusHistory(
  store: Store,
  now: Date,
  keep: { sampleHours: number; dayDays: number },
): Promise<void> {
  await store.pool.query(
    "DELETE FROM howdah.status_samples WHERE checked_at < $1::timestamptz - make_interval(hours => $2)",
    [now, keep.sampleHours],
  );
  await store.pool.query(
    "DELETE FROM howdah.status_days WHERE day < ($1::timestamptz AT TIME ZONE 'UTC')::date - $2::int",
    [now, keep.dayDays],
  );
}

export interface StatusDayRow {
  component: string;
  /** YYYY-MM-DD (UTC). */
  day: string;
  operational_seconds: number;
  degraded_seconds: number;
  outage_seconds: number;
}

/** Day rows of the last `days` UTC days. */
export async function readStatusDays(store: Store, now: Date, days: number): Promise<StatusDayRow[]> {
  const { rows } = await store.pool.query<StatusDayRow>(
    `SELECT component, to_char(day, 'YYYY-MM-DD') AS day, operational_seconds, degraded_seconds, outage_seconds
       FROM howdah.status_days WHERE day > ($1::timestamptz AT TIME ZONE 'UTC')::date - $2::int`,
    [now, days],
  );
  return rows;
}

/** Mean response time of web and streaming per bucket over the last hours, oldest first. */
export async function readResponseTimeBuckets(
  store: Store,
  now: Date,
  window: { bucketMinutes: number; hours: number },
): Promise<{ component: "web" | "streaming"; bucket: Date; ms: number | null }[]> {
  const { rows } = await store.pool.query<{ component: "web" | "streaming"; bucket: Date; ms: number | null }>(
    `SELECT component, date_bin(make_interval(mins => $2), checked_at, 'epoch') AS bucket,
            avg(response_ms)::float8 AS ms
       FROM howdah.status_samples
      WHERE component IN ('web', 'streaming') AND checked_at > $1::timestamptz - make_interval(hours => $3)
        AND state <> 'unknown'
      GROUP BY 1, 2 ORDER BY 2`,
    [now, window.bucketMinutes, window.hours],
  );
  return rows;
}

/**
 * When each component's current state began: the first sample after the last
 * one in another state (so, at worst, the oldest sample kept).
 */
export async function readStateSince(
  store: Store,
  current: { component: string; state: string }[],
): Promise<{ component: string; since: Date | null }[]> {
  const { rows } = await store.pool.query<{ component: string; since: Date | null }>(
    `SELECT t.component,
            (SELECT min(s.checked_at) FROM howdah.status_samples s
              WHERE s.component = t.component
                AND s.checked_at > coalesce((SELECT max(b.checked_at) FROM howdah.status_samples b
                                              WHERE b.component = t.component AND b.state <> t.state),
                                            '-infinity')) AS since
       FROM unnest($1::text[], $2::text[]) AS t(component, state)`,
    [current.map((c) => c.component), current.map((c) => c.state)],
  );
  return rows;
}
