import "server-only";
import type { Store } from "./connection";

/**
 * Reads of the relay traffic rollups for the Relays page, the overview tile
 * and /metrics (written by lib/store/relay-traffic.ts), and of the Queues
 * history's ingress latency shown beside them.
 */
export interface TrafficSeriesRow {
  t: number;
  statuses: number;
  followed: number;
  relay_estimate: number;
  boosts: number;
  media_bytes: number;
  followed_media_bytes: number;
  relay_media_bytes: number;
}

export interface TrafficTotals {
  statuses: number;
  followed: number;
  relayEstimate: number;
  other: number;
  boosts: number;
  mediaBytes: number;
  relayMediaBytes: number;
  followedMediaBytes: number;
}

export interface TopDomain {
  domain: string;
  statuses: number;
  followed: number;
  relayEstimate: number;
  mediaBytes: number;
  relayMediaBytes: number;
}

export interface RelayRollupState {
  countedTo: string;
  lastRunAt: string;
  caughtUp: boolean;
  backfillFrom: string;
}

const SUMS = `sum(statuses)::float8 AS statuses, sum(followed)::float8 AS followed,
  sum(relay_estimate)::float8 AS relay_estimate, sum(boosts)::float8 AS boosts, sum(media_bytes)::float8 AS media_bytes,
  sum(followed_media_bytes)::float8 AS followed_media_bytes, sum(relay_media_bytes)::float8 AS relay_media_bytes`;

/** Sums per hour (or per UTC day) from `from` (epoch ms), keyed by the bucket's start. */
export async function readTrafficSeries(
  store: Store,
  bucket: "hour" | "day",
  from: number,
): Promise<Map<number, TrafficSeriesRow>> {
  const t = bucket === "hour" ? "hour" : "date_trunc('day', hour AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'";
  const { rows } = await store.pool.query<TrafficSeriesRow>(
    `SELECT extract(epoch FROM ${t})::float8 * 1000 AS t, ${SUMS}
       FROM howdah.relay_traffic_hours WHERE hour >= $1 GROUP BY 1`,
    [new Date(from).toISOString()],
  );
  return new Map(rows.map((r) => [r.t, r]));
}

export async function readTrafficTotals(store: Store, from: number): Promise<TrafficTotals> {
  const { rows } = await store.pool.query<Omit<TrafficSeriesRow, "t">>(
    `SELECT ${SUMS} FROM howdah.relay_traffic_hours WHERE hour >= $1`,
    [new Date(from).toISOString()],
  );
  const r = rows[0];
  const n = (v: number | null | undefined) => v ?? 0;
  return {
    statuses: n(r?.statuses),
    followed: n(r?.followed),
    relayEstimate: n(r?.relay_estimate),
    other: n(r?.statuses) - n(r?.followed) - n(r?.relay_estimate),
    boosts: n(r?.boosts),
    mediaBytes: n(r?.media_bytes),
    relayMediaBytes: n(r?.relay_media_bytes),
    followedMediaBytes: n(r?.followed_media_bytes),
  };
}

/** The worker's top ten for the range, as of its last run. */
export async function readRelayTopDomains(store: Store, range: string): Promise<TopDomain[]> {
  const { rows } = await store.pool.query<{
    domain: string;
    statuses: number;
    followed: number;
    relay_estimate: number;
    media_bytes: number;
    relay_media_bytes: number;
  }>(
    `SELECT domain, statuses::float8 AS statuses, followed::float8 AS followed,
            relay_estimate::float8 AS relay_estimate,
            media_bytes::float8 AS media_bytes, relay_media_bytes::float8 AS relay_media_bytes
       FROM howdah.relay_traffic_top_domains WHERE range = $1 ORDER BY rank`,
    [range],
  );
  return rows.map((r) => ({
    domain: r.domain,
    statuses: r.statuses,
    followed: r.followed,
    relayEstimate: r.relay_estimate,
    mediaBytes: r.media_bytes,
    relayMediaBytes: r.relay_media_bytes,
  }));
}

/**
 * Ingress latency from the Queues history (howdah.sidekiq_queue_samples),
 * binned by `bin` ("1 hour", "1 day"): the `coarse` resolution (seconds) from
 * `from`, and the `fine` one for the most recent stretch the coarse rollup
 * has not reached yet. Not available when that history's table is missing.
 */
export async function readIngressLatency(
  store: Store,
  resolution: { coarse: number; fine: number; bin: string },
  from: number,
): Promise<{ available: boolean; points: Map<number, { avg: number; max: number }> }> {
  try {
    const { rows } = await store.pool.query<{ t: number; avg: number; max: number }>(
      `WITH coarse AS (
         SELECT taken_at, latency_seconds, latency_max FROM howdah.sidekiq_queue_samples
          WHERE bucket_seconds = $1 AND queue = 'ingress' AND taken_at >= $3),
       edge AS (SELECT COALESCE(max(taken_at) + make_interval(secs => $1), $3::timestamptz) AS t FROM coarse),
       fine AS (
         SELECT s.taken_at, s.latency_seconds, s.latency_max FROM howdah.sidekiq_queue_samples s, edge
          WHERE s.bucket_seconds = $2 AND s.queue = 'ingress' AND s.taken_at >= edge.t)
       SELECT extract(epoch FROM date_bin($4::interval, taken_at, TIMESTAMPTZ 'epoch'))::float8 * 1000 AS t,
              avg(latency_seconds)::float8 AS avg, max(latency_max)::float8 AS max
         FROM (SELECT * FROM coarse UNION ALL SELECT * FROM fine) x GROUP BY 1`,
      [resolution.coarse, resolution.fine, new Date(from).toISOString(), resolution.bin],
    );
    return { available: true, points: new Map(rows.map((r) => [r.t, { avg: r.avg, max: r.max }])) };
  } catch (error) {
    // 42P01: the Queues history table is not there (that migration not applied).
    if ((error as { code?: string }).code === "42P01") return { available: false, points: new Map() };
    throw error;
  }
}

export async function readRelayRollupState(store: Store): Promise<RelayRollupState | null> {
  const { rows } = await store.pool.query<{
    counted_to: Date;
    last_run_at: Date;
    caught_up: boolean;
    backfill_from: Date;
  }>("SELECT counted_to, last_run_at, caught_up, backfill_from FROM howdah.relay_traffic_state WHERE id");
  const r = rows[0];
  return r
    ? {
        countedTo: r.counted_to.toISOString(),
        lastRunAt: r.last_run_at.toISOString(),
        caughtUp: r.caught_up,
        backfillFrom: r.backfill_from.toISOString(),
      }
    : null;
}

export interface RelaysTileFigures {
  relays: Record<string, number> | null;
  lastRunAt: Date | null;
  last24h: { statuses: number; followed: number; relayEstimate: number; mediaBytes: number; relayMediaBytes: number };
}

/** The relay counts noted at the rollup's last run, and the sums of the last 24 hours. */
export async function readRelaysTileFigures(store: Store): Promise<RelaysTileFigures> {
  const [state, sums] = await Promise.all([
    store.pool.query<{ relays: Record<string, number> | null; last_run_at: Date }>(
      "SELECT relays, last_run_at FROM howdah.relay_traffic_state WHERE id",
    ),
    store.pool.query<{
      statuses: number | null;
      followed: number | null;
      relay_estimate: number | null;
      media_bytes: number | null;
      relay_media_bytes: number | null;
    }>(
      `SELECT sum(statuses)::float8 AS statuses, sum(followed)::float8 AS followed,
              sum(relay_estimate)::float8 AS relay_estimate,
              sum(media_bytes)::float8 AS media_bytes, sum(relay_media_bytes)::float8 AS relay_media_bytes
         FROM howdah.relay_traffic_hours WHERE hour > now() - interval '24 hours'`,
    ),
  ]);
  const s = sums.rows[0];
  return {
    relays: state.rows[0]?.relays ?? null,
    lastRunAt: state.rows[0]?.last_run_at ?? null,
    last24h: {
      statuses: s?.statuses ?? 0,
      followed: s?.followed ?? 0,
      relayEstimate: s?.relay_estimate ?? 0,
      mediaBytes: s?.media_bytes ?? 0,
      relayMediaBytes: s?.relay_media_bytes ?? 0,
    },
  };
}

/** Remote posts ever counted: from followed authors, and estimated relay-delivered. */
export async function readIncomingTotals(store: Store): Promise<{ followed: number; relayEstimate: number }> {
  const { rows } = await store.pool.query<{ followed: number | null; relay_estimate: number | null }>(
    `SELECT sum(followed)::float8 AS followed, sum(relay_estimate)::float8 AS relay_estimate
       FROM howdah.relay_traffic_hours`,
  );
  return { followed: rows[0]?.followed ?? 0, relayEstimate: rows[0]?.relay_estimate ?? 0 };
}
