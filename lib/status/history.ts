import "server-only";
import type { Store } from "@/lib/store/connection";
import {
  deleteOldStatusHistory,
  insertStatusSamples,
  readResponseTimeBuckets,
  readStateSince,
  readStatusDays,
} from "@/lib/store/status-history";
import {
  COMPONENT_IDS,
  type ComponentId,
  type ComponentState,
  type ResponsePoint,
  type UptimeDay,
} from "@/lib/shared/status-types";

/**
 * The status page's history in Howdah's store. Each status round adds one
 * sample per component (kept two days, for the response-time line and for
 * "since") and credits the time since that component's previous sample to
 * its state on the current UTC day (kept 100 days, for the 90-day bars).
 * A gap longer than MAX_CREDIT_SECONDS (nothing measured) is not credited:
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
  await insertStatusSamples(
    store,
    at,
    samples.map((s) => ({ component: s.id, state: s.state, responseMs: s.responseMs })),
    { maxCreditSeconds: MAX_CREDIT_SECONDS, firstCreditSeconds: FIRST_CREDIT_SECONDS },
  );
}

export async function pruneHistory(store: Store, now = new Date()): Promise<void> {
  await deleteOldStatusHistory(store, now, { sampleHours: SAMPLE_RETENTION_HOURS, dayDays: DAY_RETENTION_DAYS });
}

const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/** The last 90 UTC days per component, oldest first, with zeros for days without readings. */
export async function readUptime(store: Store, now = new Date()): Promise<Record<ComponentId, UptimeDay[]>> {
  const rows = await readStatusDays(store, now, UPTIME_DAYS);
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

/**
 * Mean response time per 15-minute bucket over the last 24 hours, oldest
 * first; buckets with no sample are left out.
 */
export async function readResponseTimes(
  store: Store,
  now = new Date(),
): Promise<{ web: ResponsePoint[]; streaming: ResponsePoint[] }> {
  const rows = await readResponseTimeBuckets(store, now, {
    bucketMinutes: RESPONSE_BUCKET_MINUTES,
    hours: RESPONSE_HOURS,
  });
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
  const rows = await readStateSince(
    store,
    current.map((c) => ({ component: c.id, state: c.state })),
  );
  return new Map(rows.map((r) => [r.component as ComponentId, r.since]));
}
