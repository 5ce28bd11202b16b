import "server-only";
import { addDays, lastDays, meanPerDay, type Point } from "@/lib/storage/forecast-math";

/**
 * The arithmetic of the recommended media-cache period, pure so it is tested
 * on its own. With a period of D days a working vacuum keeps the remote cache
 * (remote attachments, preview-card images) at what arrived in the last D
 * days: the curve "days of cache → bytes held". What else is on the disk
 * (local media, avatars, emoji, and PostgreSQL when it shares the disk) keeps
 * growing at its own rate whatever the period. The recommendation is the
 * longest period whose cache, added to that rest as it will be at the
 * horizon, stays under the chosen fill level of the capacity.
 */
export interface RecommendInput {
  today: string;
  capacityBytes: number;
  /** Fill level to stay under, 0 < fill ≤ 1. */
  fill: number;
  horizonDays: number;
  /** Everything held now (media, plus the database when it shares the disk). */
  usedBytes: number;
  /** The remote cache held now (remote attachments and preview-card images). */
  cacheBytes: number;
  /** Bytes added to the remote cache per landing day, oldest first (Howdah's storage rollups). */
  cacheAdded: Point[];
  /** Bytes added per day that stay (local media and the like). */
  steadyAdded: Point[];
  /** Growth of the database per day when it shares the disk (0 otherwise). */
  databasePerDay: number;
  /** The media cache period set now, null when off: older days of arrivals were cleared before Howdah saw them. */
  currentDays: number | null;
}

export interface CurvePoint {
  days: number;
  bytes: number;
}

export type Recommendation =
  /** The longest period (up to MAX_RECOMMENDED_DAYS) that keeps the disk under the fill level. */
  | { kind: "period"; days: number }
  /** Even one day of cache does not: the rest of the disk alone passes the fill level by the horizon. */
  | { kind: "none" }
  /** Every period up to the longest considered fits; `offFits`: keeping the cache forever fits too. */
  | { kind: "any"; offFits: boolean };

export interface RecommendResult {
  recommendation: Recommendation;
  curve: CurvePoint[];
  /** Bytes the cache may hold at the horizon: fill × capacity minus the rest of the disk then. */
  cacheBudget: number;
  /** The rest of the disk (all but the remote cache) at the horizon. */
  restAtHorizon: number;
  /** Remote cache arrivals per day, averaged over `rateWindowDays`. */
  cachePerDay: number;
  rateWindowDays: number;
  restPerDay: number;
  /** The remote cache at the horizon with the cleanup off (what is held now plus every arrival). */
  cacheOffAtHorizon: number;
}

export const MAX_RECOMMENDED_DAYS = 365;
export const CURVE_DAYS = [1, 3, 7, 14, 21, 30, 45, 60, 90, 120, 180, 270, 365] as const;

/**
 * Days of arrivals the rollups hold whole: with a period set, older arrivals
 * were cleared (often before Howdah first counted them), so only the last
 * `currentDays` are trusted; 7 to 30 days either way.
 */
export function rateWindow(currentDays: number | null): number {
  return Math.max(7, Math.min(currentDays ?? 30, 30));
}

/** Bytes a D-day cache holds: the last D days' arrivals where the rollups hold them whole, then the mean rate. */
export function cacheHeld(cacheAdded: Point[], today: string, window: number, perDay: number, days: number): number {
  const whole = Math.min(days, window);
  const seen = lastDays(cacheAdded, addDays(today, -1), whole).reduce((a, p) => a + p.bytes, 0);
  return seen + Math.max(0, days - window) * perDay;
}

export function recommendPeriod(input: RecommendInput): RecommendResult {
  const window = rateWindow(input.currentDays);
  const cachePerDay = meanPerDay(input.cacheAdded, input.today, window);
  const restPerDay = meanPerDay(input.steadyAdded, input.today, 30) + Math.max(0, input.databasePerDay);
  const restAtHorizon = Math.max(0, input.usedBytes - input.cacheBytes) + restPerDay * input.horizonDays;
  const cacheBudget = input.fill * input.capacityBytes - restAtHorizon;
  const held = (days: number) => cacheHeld(input.cacheAdded, input.today, window, cachePerDay, days);
  const curve = CURVE_DAYS.map((days) => ({ days, bytes: held(days) }));
  const cacheOffAtHorizon = input.cacheBytes + cachePerDay * input.horizonDays;
  const base = {
    curve,
    cacheBudget,
    restAtHorizon,
    cachePerDay,
    rateWindowDays: window,
    restPerDay,
    cacheOffAtHorizon,
  };

  // held() never falls as the period grows: the longest fitting period is the last one that fits.
  let best = 0;
  for (let days = 1; days <= MAX_RECOMMENDED_DAYS; days++) {
    if (held(days) > cacheBudget) break;
    best = days;
  }
  if (best === 0) return { ...base, recommendation: { kind: "none" } };
  if (best === MAX_RECOMMENDED_DAYS)
    return { ...base, recommendation: { kind: "any", offFits: cacheOffAtHorizon <= cacheBudget } };
  return { ...base, recommendation: { kind: "period", days: best } };
}
