import "server-only";
import { z } from "zod";
import type { ServerContext } from "@/lib/server/context";
import {
  readIngressLatency,
  readRelayRollupState,
  readRelayTopDomains,
  readTrafficSeries,
  readTrafficTotals,
  type RelayRollupState,
  type TopDomain,
  type TrafficTotals,
} from "@/lib/store/relay-traffic-reads";
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

export type { TopDomain, TrafficTotals } from "@/lib/store/relay-traffic-reads";

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
  rollup: RelayRollupState | null;
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
    readTrafficSeries(store, bucket, from),
    readTrafficTotals(store, from),
    readRelayTopDomains(store, range),
    readIngressLatency(store, latencyResolution(range), from),
    readRelayMarkers(context, store, from),
    readRelayRollupState(store),
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

/**
 * The Queues history keeps 10 s samples 25 h, 1 min 7 days, 10 min 90 days:
 * the coarse resolution for the range, and the finer one for the most recent
 * stretch the coarse rollup has not reached yet.
 */
function latencyResolution(range: TrafficRange): { coarse: number; fine: number; bin: string } {
  const [coarse, fine] = range === "48h" ? [60, 10] : [600, 60];
  return { coarse, fine, bin: RANGE[range].bucket === "hour" ? "1 hour" : "1 day" };
}
