import type { Store } from "@/lib/store/connection";
import { COMPONENT_IDS, type ComponentId, type ComponentState, type ResponsePoint, type UptimeDay } from "./types";

/**
 * The status page's history in Howdah's store. Each worker run adds one
 * sample per component (kept two days, for the response-time line and for
 * "since") and credits the time since that component's previous sample to
 * its state on the current UTC day (kept 100 days, for the 90-day bars).
 * A gap longer than MAX_CREDIT_SECONDS (the worker was down) is not credited:
 * the bars say "no data" rather than guess.
 */
export const UPTIME_DAYS = 90;
export const SAMPLE_RETENTION_HOURS = 48;
const DAY_RETENTION_DAYS = 100;
const MAX_CREDIT_SECONDS = 120;
/** Credit for the first sample after a gap, a little over one run apart. */
const FIRST_CREDIT_SECONDS = 30;
export const RESPONSE_BUCKET_MINUTES = 15;
export const RESPONSE_HOURS = 24;

export interface SampleInput {
  id: ComponentId;
  state: ComponentState;
  responseMs: number | null;
}

/** One statement: insert the samples and credit each component's day. */
export async function recordSamples(store: Store, at: Date, samples: SampleInput[]): Promise<void> {
  await store.pool.query(
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
      samples.map((s) => s.id),
      samples.map((s) => s.state),
      samples.map((s) => s.responseMs),
      MAX_CREDIT_SECONDS,
      FIRST_CREDIT_SECONDS,
    ],
  );
}

export async function pruneHistory(store: Store, now = new Date()): Promise<void> {
  await store.pool.query(
    "DELETE FROM howdah.status_samples WHERE checked_at < $1::timestamptz - make_interval(hours => $2)",
    [now, SAMPLE_RETENTION_HOURS],
  );
  await store.pool.query(
    "DELETE FROM howdah.status_days WHERE day < ($1::timestamptz AT TIME ZONE 'UTC')::date - $2::int",
    [now, DAY_RETENTION_DAYS],
  );
}

const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/** The last 90 UTC days per component, oldest first, with zeros for days without readings. */
export async function readUptime(store: Store, now = new Date()): Promise<Record<ComponentId, UptimeDay[]>> {
  const { rows } = await store.pool.query<{
    component: string;
    day: string;
    operational_seconds: number;
    degraded_seconds: number;
    outage_seconds: number;
  }>(
    `SELECT component, to_char(day, 'YYYY-MM-DD') AS day, operational_seconds, degraded_seconds, outage_seconds
       FROM howdah.status_days WHERE day > ($1::timestamptz AT TIME ZONE 'UTC')::date - $2::int`,
    [now, UPTIME_DAYS],
  );
  const byKey = new Map(rows.map((r) => [`${r.component}|${r.day}`, r]));
  const days: string[] = [];
  for (let i = UPTIME_DAYS - 1; i >= 0; i--) days.push(isoDay(new Date(now.getTime() - i * 86_400_000)));
  const result = {} as Record<ComponentId, UptimeDay[]>;
  for (const id of COMPONENT_IDS) {
    result[id] = days.map((day) => {
      const r = byKey.get(`${id}|${day}`);
      return {
        day,
        operational: Math.round(r?.operational_seconds ?? 0),
        degraded: Math.round(r?.degraded_seconds ?? 0),
        outage: Math.round(r?.outage_seconds ?? 0),
      };
    });
  }
  return result;
}

/** Mean response time per 15-minute bucket over the last 24 hours, oldest first; buckets with no sample are left out. */
export async function readResponseTimes(
  store: Store,
  now = new Date(),
): Promise<{ web: ResponsePoint[]; streaming: ResponsePoint[] }> {
  const { rows } = await store.pool.query<{ component: "web" | "streaming"; bucket: Date; ms: number | null }>(
    `SELECT component, date_bin(make_interval(mins => $2), checked_at, 'epoch') AS bucket, avg(response_ms)::float8 AS ms
       FROM howdah.status_samples
      WHERE component IN ('web', 'streaming') AND checked_at > $1::timestamptz - make_interval(hours => $3) AND state <> 'unknown'
      GROUP BY 1, 2 ORDER BY 2`,
    [now, RESPONSE_BUCKET_MINUTES, RESPONSE_HOURS],
  );
  const result = { web: [] as ResponsePoint[], streaming: [] as ResponsePoint[] };
  for (const r of rows)
    result[r.component].push({ at: r.bucket.toISOString(), ms: r.ms === null ? null : Math.round(r.ms) });
  return result;
}

/**
 * When each component's current state began: the first sample after the last
 * one in another state (so, at worst, the oldest sample kept). Read after the
 * current samples are recorded.
 */
export async function readSince(
  store: Store,
  current: { id: ComponentId; state: ComponentState }[],
): Promise<Map<ComponentId, Date | null>> {
  const { rows } = await store.pool.query<{ component: ComponentId; since: Date | null }>(
    `SELECT t.component,
            (SELECT min(s.checked_at) FROM howdah.status_samples s
              WHERE s.component = t.component
                AND s.checked_at > coalesce((SELECT max(b.checked_at) FROM howdah.status_samples b
                                              WHERE b.component = t.component AND b.state <> t.state), '-infinity')) AS since
       FROM unnest($1::text[], $2::text[]) AS t(component, state)`,
    [current.map((c) => c.id), current.map((c) => c.state)],
  );
  return new Map(rows.map((r) => [r.component, r.since]));
}
