import "server-only";
import { processSingleton } from "@/lib/shared/process-singleton";
import type { Store } from "@/lib/store/connection";
import { readFirstCountersBetween } from "@/lib/store/queue-samples";

/**
 * Processed and failed jobs per minute, from Sidekiq's lifetime counters
 * (Sidekiq::Stats#processed and #failed) read about a minute apart, as Sidekiq's own
 * dashboard does between polls. Readings the page's own polling made are
 * kept in memory; right after a restart the worker's stored samples serve
 * instead. A counter that went down (Stats#reset) gives no rate.
 */
export interface JobRates {
  processedPerMinute: number | null;
  failedPerMinute: number | null;
  /** Seconds between the two readings the rate was taken over. */
  overSeconds: number | null;
}

interface Reading {
  at: number;
  processed: number;
  failed: number;
}

const WINDOW_MS = 65_000;
const MIN_SPAN_MS = 5_000;
/** How often to look in the store when memory has no reading old enough (the worker samples every 10 s). */
const STORE_RECHECK_MS = 10_000;
/**
 * Readings closer together than this are not all kept: a page polled by many
 * tabs would otherwise grow the list with every request.
 */
const KEEP_EVERY_MS = 1_000;
// One per process (see process-singleton.ts): every route that polls feeds and reads the same readings.
const states = processSingleton(
  "job-rate-readings",
  () => new WeakMap<object, { readings: Reading[]; storeCheckedAt: number }>(),
);

/** How many readings are held for `owner` (for tests). */
export function keptReadings(owner: object): number {
  return states.get(owner)?.readings.length ?? 0;
}

function rateBetween(ref: Reading, current: Reading): JobRates {
  const span = current.at - ref.at;
  if (span < MIN_SPAN_MS || current.processed < ref.processed || current.failed < ref.failed) {
    return { processedPerMinute: null, failedPerMinute: null, overSeconds: null };
  }
  const perMinute = (delta: number) => Math.round(((delta * 60_000) / span) * 10) / 10;
  return {
    processedPerMinute: perMinute(current.processed - ref.processed),
    failedPerMinute: perMinute(current.failed - ref.failed),
    overSeconds: Math.round(span / 1000),
  };
}

/** `owner` keys the in-memory readings (one list per server context). */
export async function jobRates(owner: object, current: Reading, store: () => Promise<Store>): Promise<JobRates> {
  const state = states.get(owner) ?? { readings: [], storeCheckedAt: -Infinity };
  states.set(owner, state);
  state.readings = state.readings.filter((r) => r.at >= current.at - 2 * WINDOW_MS && r.at < current.at);
  const ref = state.readings.find((r) => r.at >= current.at - WINDOW_MS && r.at <= current.at - MIN_SPAN_MS);
  const last = state.readings.at(-1);
  if (!last || current.at - last.at >= KEEP_EVERY_MS) state.readings.push(current);
  if (ref) return rateBetween(ref, current);
  const none = { processedPerMinute: null, failedPerMinute: null, overSeconds: null };
  if (current.at - state.storeCheckedAt < STORE_RECHECK_MS) return none;
  state.storeCheckedAt = current.at;

  const stored = await store()
    .then((s) => readFirstCountersBetween(s, new Date(current.at - WINDOW_MS), new Date(current.at - MIN_SPAN_MS)))
    .catch(() => null); // the store down only means no rate yet
  if (!stored) return none;
  // Kept with the in-memory readings, so the next polls need no query.
  state.readings = [stored, ...state.readings].sort((a, b) => a.at - b.at);
  return rateBetween(stored, current);
}
