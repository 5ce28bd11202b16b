import { z } from "zod";
import { withService } from "@/lib/mastodon/service-errors";
import type { ServerContext } from "@/lib/server/context";
import type { Store } from "@/lib/store/connection";
import { assertRelaysAvailable } from "./availability";
import { readRelayMarkers, type RelayMarker } from "./markers";

/**
 * The traffic page's figures, read from the worker's rollups only (never
 * from Mastodon's statuses on a page load): incoming remote posts per hour
 * (48 h, 14 days) or per day (90 days), split into followed / relay
 * estimate / other, their media bytes, the top origin domains (as of the
 * worker's last run), the ingress
 * queue's latency from the Queues sampler, and the relay on/off markers.
 */
export const TRAFFIC_RANGES = ["48h", "14d", "90d"] as const;
export type TrafficRange = (typeof TRAFFIC_RANGES)[number];
export const trafficInput = z.object({ range: z.enum(TRAFFIC_RANGES).default("14d") });

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const RANGE: Record<TrafficRange, { bucket: "hour" | "day"; buckets: number }> = {
  "48h": { bucket: "hour", buckets: 48 },
  "14d": { bucket: "hour", buckets: 14 * 24 },
  "90d": { bucket: "day", buckets: 90 },
};

export interface TrafficPoint {
  t: number;
  /** null: not counted yet (the worker has not reached this bucket). */
  statuses: number | null;
  followed: number | null;
  relayEstimate: number | null;
  other: number | null;
  boosts: number | null;
  mediaBytes: number | null;
  followedMediaBytes: number | null;
  relayMediaBytes: number | null;
  /** Ingress queue latency (s): average and highest over the bucket, from the Queues sampler. */
  ingressLatency: number | null;
  ingressLatencyMax: number | null;
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

export interface RelayTraffic {
  range: TrafficRange;
  bucket: "hour" | "day";
  from: number;
  to: number;
  points: TrafficPoint[];
  totals: TrafficTotals;
  topDomains: TopDomain[];
  markers: RelayMarker[];
  /** Whether the Queues sampler's history (ingress latency) exists in Howdah's store. */
  latencyAvailable: boolean;
  rollup: { countedTo: string; lastRunAt: string; caughtUp: boolean; backfillFrom: string } | null;
}

export async function getRelayTraffic(
  context: ServerContext,
  range: TrafficRange,
  now = Date.now(),
): Promise<RelayTraffic> {
  assertRelaysAvailable(context);
  const { bucket, buckets } = RANGE[range];
  const size = bucket === "hour" ? HOUR_MS : DAY_MS;
  const from = Math.floor(now / size) * size - (buckets - 1) * size;
  const store = await context.store();
  const [series, totals, topDomains, latency, markers, rollup] = await Promise.all([
    readSeries(store, bucket, from),
    readTotals(store, from),
    readTopDomains(store, range),
    readIngressLatency(store, range, from),
    withService("PostgreSQL", () => readRelayMarkers(context.mastodon.readDb, store, from)),
    readRollupState(store),
  ]);
  const points: TrafficPoint[] = [];
  for (let i = 0; i < buckets; i++) {
    const t = from + i * size;
    const s = series.get(t);
    const l = latency.points.get(t);
    points.push({
      t,
      statuses: s?.statuses ?? null,
      followed: s?.followed ?? null,
      relayEstimate: s?.relay_estimate ?? null,
      other: s ? s.statuses - s.followed - s.relay_estimate : null,
      boosts: s?.boosts ?? null,
      mediaBytes: s?.media_bytes ?? null,
      followedMediaBytes: s?.followed_media_bytes ?? null,
      relayMediaBytes: s?.relay_media_bytes ?? null,
      ingressLatency: l?.avg ?? null,
      ingressLatencyMax: l?.max ?? null,
    });
  }
  return {
    range,
    bucket,
    from,
    to: now,
    points,
    totals,
    topDomains,
    markers,
    latencyAvailable: latency.available,
    rollup,
  };
}

interface SeriesRow {
  t: number;
  statuses: number;
  followed: number;
  relay_estimate: number;
  boosts: number;
  media_bytes: number;
  followed_media_bytes: number;
  relay_media_bytes: number;
}

const SUMS = `sum(statuses)::float8 AS statuses, sum(followed)::float8 AS followed, sum(relay_estimate)::float8 AS relay_estimate,
  sum(boosts)::float8 AS boosts, sum(media_bytes)::float8 AS media_bytes, sum(followed_media_bytes)::float8 AS followed_media_bytes,
  sum(relay_media_bytes)::float8 AS relay_media_bytes`;

async function readSeries(store: Store, bucket: "hour" | "day", from: number): Promise<Map<number, SeriesRow>> {
  const t = bucket === "hour" ? "hour" : "date_trunc('day', hour AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'";
  const { rows } = await store.pool.query<SeriesRow>(
    `SELECT extract(epoch FROM ${t})::float8 * 1000 AS t, ${SUMS} FROM howdah.relay_traffic_hours WHERE hour >= $1 GROUP BY 1`,
    [new Date(from).toISOString()],
  );
  return new Map(rows.map((r) => [r.t, r]));
}

async function readTotals(store: Store, from: number): Promise<TrafficTotals> {
  const { rows } = await store.pool.query<Omit<SeriesRow, "t">>(
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

/** The worker's top ten for the range, as of its last run (lib/relays/rollup.ts). */
async function readTopDomains(store: Store, range: TrafficRange): Promise<TopDomain[]> {
  const { rows } = await store.pool.query<{
    domain: string;
    statuses: number;
    followed: number;
    relay_estimate: number;
    media_bytes: number;
    relay_media_bytes: number;
  }>(
    `SELECT domain, statuses::float8 AS statuses, followed::float8 AS followed, relay_estimate::float8 AS relay_estimate,
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
 * Ingress latency from the Queues history (howdah.sidekiq_queue_samples):
 * the coarse resolution for the range, and the finer one for the most recent
 * stretch the coarse rollup has not reached yet.
 */
async function readIngressLatency(
  store: Store,
  range: TrafficRange,
  from: number,
): Promise<{ available: boolean; points: Map<number, { avg: number; max: number }> }> {
  // The Queues history keeps 10 s samples 25 h, 1 min 7 days, 10 min 90 days.
  const [coarse, fine] = range === "48h" ? [60, 10] : [600, 60];
  const bin = RANGE[range].bucket === "hour" ? "1 hour" : "1 day";
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
      [coarse, fine, new Date(from).toISOString(), bin],
    );
    return { available: true, points: new Map(rows.map((r) => [r.t, { avg: r.avg, max: r.max }])) };
  } catch (error) {
    // 42P01: the Queues history table is not there (that migration not applied).
    if ((error as { code?: string }).code === "42P01") return { available: false, points: new Map() };
    throw error;
  }
}

export async function readRollupState(store: Store): Promise<RelayTraffic["rollup"]> {
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
