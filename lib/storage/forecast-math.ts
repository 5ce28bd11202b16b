import "server-only";
import { DAY_MS } from "@/lib/mastodon/media/id-buckets";

/**
 * The arithmetic behind the storage forecast, kept pure so it is tested on
 * its own: least-squares slopes over daily points, and the date a capacity
 * is reached at a rate. Days are "YYYY-MM-DD" (UTC).
 */
export interface Point {
  day: string;
  bytes: number;
}

export interface Fit {
  slope: number;
  /** Standard error of the slope (0 with fewer than 3 points). */
  slopeError: number;
  points: number;
}

export function dayNumber(day: string): number {
  return Math.round(Date.parse(`${day}T00:00:00Z`) / DAY_MS);
}

export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + Math.round(days) * DAY_MS).toISOString().slice(0, 10);
}

/** Ordinary least squares of bytes on day; null with fewer than 2 points. */
export function fitLine(points: Point[]): Fit | null {
  const n = points.length;
  if (n < 2) return null;
  const xs = points.map((p) => dayNumber(p.day));
  const ys = points.map((p) => p.bytes);
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (xs[i]! - mx) ** 2;
    sxy += (xs[i]! - mx) * (ys[i]! - my);
  }
  if (sxx === 0) return null;
  const slope = sxy / sxx;
  let ssr = 0;
  for (let i = 0; i < n; i++) ssr += (ys[i]! - (my + slope * (xs[i]! - mx))) ** 2;
  const slopeError = n > 2 ? Math.sqrt(ssr / (n - 2) / sxx) : 0;
  return { slope, slopeError, points: n };
}

/** The points from the `days` days ending at (and including) `lastDay`. */
export function lastDays(points: Point[], lastDay: string, days: number): Point[] {
  const from = dayNumber(lastDay) - days + 1;
  return points.filter((p) => dayNumber(p.day) >= from && dayNumber(p.day) <= dayNumber(lastDay));
}

/** Mean bytes per calendar day over the `days` days before `today` (missing days count 0). */
export function meanPerDay(points: Point[], today: string, days: number): number {
  const last = addDays(today, -1);
  const sum = lastDays(points, last, days).reduce((a, p) => a + p.bytes, 0);
  return sum / days;
}

/** Days until `capacity` is reached from `used` at `rate` bytes/day: 0 when already full, null when never. */
export function daysUntilFull(used: number, capacity: number, rate: number): number | null {
  if (used >= capacity) return 0;
  if (!(rate > 0)) return null;
  return (capacity - used) / rate;
}
