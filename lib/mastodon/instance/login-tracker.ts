import "server-only";
import type { Redis } from "ioredis";

/**
 * Mastodon's own count of active users: its ActivityTracker for
 * `activity:logins` (app/lib/activity_tracker.rb) PFADDs a user's id to one
 * HyperLogLog per UTC day, `activity:logins:<epoch seconds of 00:00 UTC>`,
 * each time the user signs in or comes back (User#update_sign_in!), and keeps
 * each key 6 months. Admin::Metrics::Measure::ActiveUsersMeasure, the
 * dashboard's "active users", answers with one PFCOUNT over the days' keys:
 * the distinct users seen on any of them. On 4.3 with REDIS_NAMESPACE the keys
 * carry the `<ns>:` prefix like every main-Redis key. (The tracker also reads
 * pre-3.5 weekly keys, `activity:logins:<ISO week>`, long expired: not read.)
 */
export const LOGIN_TRACKER = "activity:logins";
const DAY_MS = 86_400_000;

export const loginTrackerKey = (prefix: string, dayStartMs: number): string =>
  `${prefix}${LOGIN_TRACKER}:${Math.floor(dayStartMs / 1000)}`;

export interface ActiveUsers {
  count: number;
  /** First and last UTC day counted ("YYYY-MM-DD"). */
  fromDay: string;
  toDay: string;
  days: number;
}

/** Distinct users the tracker saw on the `days` UTC days ending with the day of `now` (today included). */
export async function countActiveUsers(redis: Redis, prefix: string, days: number, now: Date): Promise<ActiveUsers> {
  const today = Math.floor(now.getTime() / DAY_MS) * DAY_MS;
  const starts = Array.from({ length: days }, (_, i) => today - (days - 1 - i) * DAY_MS);
  const count = await redis.pfcount(...starts.map((start) => loginTrackerKey(prefix, start)));
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  return { count, fromDay: day(starts[0]!), toDay: day(today), days };
}
