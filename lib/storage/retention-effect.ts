import "server-only";
import { formatDay } from "@/lib/shared/format";
import type { MediaRetention } from "@/lib/mastodon/media/retention";
import { addDays, daysUntilFull, meanPerDay, type Point } from "./forecast-math";
import { HORIZON_DAYS, withinHorizon, type StorageForecast } from "./forecast";
import { formatBytes } from "@/lib/shared/bytes";

/**
 * What Mastodon's media cache retention does to the figures, shown beside
 * the forecast: how much remote media is cached now, how fast it arrives,
 * and the counterfactual — without the retention that would all stay; with
 * one (when it is off), the cache would level off near `days × arrivals`.
 */
export interface RetentionEffect {
  days: number | null;
  explanation: string;
  /** Remote attachments and link preview images held now. */
  cacheBytes: number;
  /** Average added to that cache per day, recently. */
  cacheAddedPerDay: number;
  /** The days cacheAddedPerDay averages over (7 to 30, within the retention). */
  cacheWindowDays: number;
  /** The other setting's outcome, in words. */
  alternative: string;
  /** With the other setting: the date the capacity would be reached (null: not at that rate, or no capacity). */
  alternativeFullOn: string | null;
}

const SUGGESTED_DAYS = 30;
const readable = formatDay;

export function retentionEffect(args: {
  retention: MediaRetention | null;
  cacheAdded: Point[];
  cacheBytes: number;
  today: string;
  forecast: StorageForecast;
}): RetentionEffect {
  const { retention, forecast, today } = args;
  const days = retention?.days ?? null;
  // Days inside the retention window are not yet cleared, so their additions are whole.
  const window = Math.max(7, Math.min(days ?? 30, 30));
  const perDay = meanPerDay(args.cacheAdded, today, window);
  const explanation = retention?.explanation ?? "Howdah could not read the setting from Mastodon's database.";
  const cap = forecast.capacityBytes;
  const mid = forecast.rate?.mid ?? null;

  if (days !== null) {
    const full = withinHorizon(
      cap !== null && mid !== null ? daysUntilFull(forecast.usedBytes, cap, mid + perDay) : null,
    );
    return {
      days,
      explanation,
      cacheBytes: args.cacheBytes,
      cacheAddedPerDay: perDay,
      cacheWindowDays: window,
      alternative:
        `About ${formatBytes(perDay)} of remote media arrives a day. Without the retention it would all stay` +
        (full === null
          ? cap !== null && mid !== null
            ? `, and the disk would still not fill within ${HORIZON_DAYS / 365} years.`
            : "."
          : `, and the disk would fill about ${readable(addDays(today, full))} instead.`),
      alternativeFullOn: full === null ? null : addDays(today, full),
    };
  }
  const steadyCache = SUGGESTED_DAYS * perDay;
  const frees = Math.max(0, args.cacheBytes - steadyCache);
  const full = withinHorizon(
    cap !== null && mid !== null ? daysUntilFull(forecast.usedBytes - frees, cap, mid - perDay) : null,
  );
  return {
    days,
    explanation,
    cacheBytes: args.cacheBytes,
    cacheAddedPerDay: perDay,
    cacheWindowDays: window,
    alternative:
      `With a ${SUGGESTED_DAYS}-day retention the remote cache would level off near ${formatBytes(steadyCache)}` +
      (frees > 0 ? `, about ${formatBytes(frees)} less than now` : "") +
      (cap === null || mid === null
        ? "."
        : full === null
          ? `, and growth at the current rate would not fill the disk within ${HORIZON_DAYS / 365} years.`
          : `, and the disk would fill about ${readable(addDays(today, full))}.`),
    alternativeFullOn: full === null ? null : addDays(today, full),
  };
}
