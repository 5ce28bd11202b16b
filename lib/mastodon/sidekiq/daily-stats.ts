import "server-only";
import type { Redis } from "ioredis";
import type { SidekiqKeys } from "./keys";
import { execOrThrow } from "./pipeline";

/**
 * Sidekiq's own daily history (api.rb Stats::History, the same in 6.5, 7.3
 * and 8.x): `stat:processed:<YYYY-MM-DD>` and `stat:failed:<YYYY-MM-DD>` per
 * UTC day, written by every heartbeat and kept five years (Launcher
 * STATS_TTL). Read with one MGET per stat, as History#date_stat_hash does;
 * a missing day is 0 there too (7.3+ skip writing a day with no work).
 *
 * `since` is the first day any key exists for, so a chart can start where
 * Sidekiq's history starts rather than show years of zeros.
 */
export const MAX_HISTORY_DAYS = 5 * 365;

export interface DailyStat {
  /** UTC day, YYYY-MM-DD. */
  day: string;
  processed: number;
  failed: number;
}

export interface DailyStats {
  days: DailyStat[];
  /** The oldest day in the range with a key, or null when Sidekiq kept none. */
  since: string | null;
}

export function utcDays(count: number, now: number): string[] {
  const today = Date.UTC(new Date(now).getUTCFullYear(), new Date(now).getUTCMonth(), new Date(now).getUTCDate());
  return Array.from({ length: count }, (_, i) =>
    new Date(today - (count - 1 - i) * 86_400_000).toISOString().slice(0, 10),
  );
}

export async function readDailyStats(
  redis: Redis,
  keys: SidekiqKeys,
  count: number,
  now = Date.now(),
): Promise<DailyStats> {
  const days = utcDays(Math.min(Math.max(1, count), MAX_HISTORY_DAYS), now);
  const [processed, failed] = (await execOrThrow(
    redis
      .pipeline()
      .mget(days.map((d) => `${keys.processed}:${d}`))
      .mget(days.map((d) => `${keys.failed}:${d}`)),
  )) as (string | null)[][];
  const value = (v: string | null | undefined) => (v ? Number.parseInt(v, 10) || 0 : 0);
  const first = days.findIndex((_, i) => processed![i] != null || failed![i] != null);
  return {
    days: days.map((day, i) => ({ day, processed: value(processed![i]), failed: value(failed![i]) })),
    since: first === -1 ? null : days[first]!,
  };
}
