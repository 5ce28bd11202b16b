import "server-only";
import { withService } from "@/lib/mastodon/service-errors";
import type { Store } from "./connection";

/**
 * Failed sign-ins counted per account (normalised e-mail, whether or not it
 * exists, so the answer reveals nothing) and per client IP, in fixed windows.
 * Kept in PostgreSQL, not Redis: sign-in needs the database anyway, and the
 * limit must hold even while Redis is down. An outage is reported as the
 * Howdah store's.
 */
export type ThrottleScope = "account" | "ip";

export interface ThrottleLimits {
  perAccount: number;
  perIp: number;
  windowSeconds: number;
}

export interface ThrottleState {
  blocked: boolean;
  /** Seconds until the window that blocks ends (0 when not blocked). */
  retryAfterSeconds: number;
}

export async function checkThrottle(
  store: Store,
  keys: Record<ThrottleScope, string>,
  limits: ThrottleLimits,
): Promise<ThrottleState> {
  const { rows } = await withService("Howdah store", () =>
    store.pool.query<{ scope: ThrottleScope; failures: number; ends_in: string }>(
      `SELECT scope, failures,
              ceil(extract(epoch FROM window_start + make_interval(secs => $3) - now()))::text AS ends_in
       FROM howdah.sign_in_throttle
      WHERE ((scope = 'account' AND key = $1) OR (scope = 'ip' AND key = $2))
        AND window_start > now() - make_interval(secs => $3)`,
      [keys.account, keys.ip, limits.windowSeconds],
    ),
  );
  let retryAfterSeconds = 0;
  for (const row of rows) {
    const limit = row.scope === "account" ? limits.perAccount : limits.perIp;
    if (row.failures >= limit) retryAfterSeconds = Math.max(retryAfterSeconds, Number(row.ends_in));
  }
  return { blocked: retryAfterSeconds > 0, retryAfterSeconds };
}

export async function recordFailure(
  store: Store,
  keys: Record<ThrottleScope, string>,
  windowSeconds: number,
): Promise<void> {
  // A stale window restarts at 1; a live one counts up.
  await withService("Howdah store", () =>
    store.pool.query(
      `INSERT INTO howdah.sign_in_throttle (scope, key, window_start, failures)
     VALUES ('account', $1, now(), 1), ('ip', $2, now(), 1)
     ON CONFLICT (scope, key) DO UPDATE SET
       failures = CASE WHEN howdah.sign_in_throttle.window_start <= now() - make_interval(secs => $3)
                       THEN 1 ELSE howdah.sign_in_throttle.failures + 1 END,
       window_start = CASE WHEN howdah.sign_in_throttle.window_start <= now() - make_interval(secs => $3)
                       THEN now() ELSE howdah.sign_in_throttle.window_start END`,
      [keys.account, keys.ip, windowSeconds],
    ),
  );
}

/**
 * A successful sign-in clears the account's count (not the IP's: one good
 * password must not unlock guessing at others).
 */
export async function clearAccountFailures(store: Store, accountKey: string): Promise<void> {
  await withService("Howdah store", () =>
    store.pool.query("DELETE FROM howdah.sign_in_throttle WHERE scope = 'account' AND key = $1", [accountKey]),
  );
}
