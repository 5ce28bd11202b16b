import "server-only";
import { withService } from "@/lib/mastodon/service-errors";
import type { Store } from "./connection";

/**
 * Sign-in attempts, counted in fixed windows under three keys:
 *
 * - `ip`: every attempt from one client address (`perIp`), whatever account it names;
 * - `account_ip`: one address's attempts on one account (`perAccount`), so a guesser
 *   locks out only itself, never the account's owner elsewhere;
 * - `account`: attempts on one account from everywhere. Past `perAccountTotal` the
 *   account is under attack from many addresses, and from then on an address may try
 *   it only while it has no attempt in the window: each new address gets one guess,
 *   an address that failed once is stopped, and the owner, signing in from an
 *   address that has not failed, still gets in.
 *
 * An attempt is reserved before the password is hashed, in one statement that checks
 * and counts every key at once (so 40 concurrent guesses against a limit of 5 get
 * exactly 5 evaluated), and refunded when the password was right. Accounts are keyed
 * by the normalised e-mail whether or not it exists, so the answer reveals nothing.
 * Kept in PostgreSQL, not Redis: sign-in needs the database anyway, and the limits
 * must hold while Redis is down. Expired rows are deleted as attempts come in.
 */
export interface ThrottleLimits {
  /** Attempts on one account from one address per window. */
  perAccount: number;
  /** Attempts on one account from all addresses per window before only fresh addresses may try. */
  perAccountTotal: number;
  /** Attempts from one address per window. */
  perIp: number;
  windowSeconds: number;
}

export interface ThrottleKeys {
  /** The normalised e-mail. */
  account: string;
  ip: string;
}

export type Reservation =
  | {
      reserved: true;
      /**
       * Gives the attempt back. After a successful sign-in the address's earlier failures on
       * the account are forgotten too: whoever signs in from there knows the password.
       */
      release(signedIn: boolean): Promise<void>;
    }
  | { reserved: false; /** Seconds until the window that refuses ends. */ retryAfterSeconds: number };

type Scope = "account" | "account_ip" | "ip";

// The rows in one fixed order (the primary key's), in every statement that locks
// more than one, so two concurrent sign-ins can never wait on each other in a cycle.
function rowsOf(keys: ThrottleKeys): [Scope, string][] {
  return [
    ["account", keys.account],
    ["account_ip", `${keys.account} ${keys.ip}`],
    ["ip", keys.ip],
  ];
}

const EXPIRED = "t.window_start <= now() - make_interval(secs => $7)";

// $1..$6: the three (scope, key) pairs in rowsOf order; $7 window; $8 perIp; $9 perAccount; $10 perAccountTotal.
const RESERVE = `
  WITH reserved AS (
    INSERT INTO howdah.sign_in_throttle AS t (scope, key, window_start, attempts)
    VALUES ($1, $2, now(), 1), ($3, $4, now(), 1), ($5, $6, now(), 1)
    ON CONFLICT (scope, key) DO UPDATE SET
      attempts = CASE WHEN ${EXPIRED} THEN 1 ELSE t.attempts + 1 END,
      window_start = CASE WHEN ${EXPIRED} THEN now() ELSE t.window_start END
    WHERE ${EXPIRED}
       OR t.attempts < CASE t.scope
            WHEN 'ip' THEN $8::int
            WHEN 'account_ip' THEN (
              CASE WHEN EXISTS (
                SELECT 1 FROM howdah.sign_in_throttle a
                 WHERE a.scope = 'account' AND a.key = $2
                   AND a.window_start > now() - make_interval(secs => $7) AND a.attempts >= $10::int)
              THEN 1 ELSE $9::int END)
            ELSE 2147483647 END
    RETURNING t.scope
  )
  SELECT (SELECT coalesce(array_agg(scope), '{}') FROM reserved) AS reserved,
         (SELECT ceil(extract(epoch FROM max(s.window_start) + make_interval(secs => $7) - now()))::int
            FROM howdah.sign_in_throttle s
           WHERE (s.scope, s.key) IN (($1, $2), ($3, $4), ($5, $6))
             AND s.scope NOT IN (SELECT scope FROM reserved)) AS retry_after`;

// $1 true after a successful sign-in; then the (scope, key) pairs in rowsOf order.
const RELEASE = (rows: number) => `
  INSERT INTO howdah.sign_in_throttle AS t (scope, key, window_start, attempts)
  VALUES ${Array.from({ length: rows }, (_, i) => `($${2 * i + 2}, $${2 * i + 3}, now(), 0)`).join(", ")}
  ON CONFLICT (scope, key) DO UPDATE SET
    attempts = CASE WHEN $1::boolean AND t.scope = 'account_ip' THEN 0 ELSE greatest(t.attempts - 1, 0) END`;

/** Checks and counts an attempt under every key at once; refused when any key is at its limit. */
export async function reserveAttempt(store: Store, keys: ThrottleKeys, limits: ThrottleLimits): Promise<Reservation> {
  const rows = rowsOf(keys);
  const { rows: result } = await withService("Howdah store", () =>
    store.pool.query<{ reserved: Scope[]; retry_after: number | null }>(RESERVE, [
      ...rows.flat(),
      limits.windowSeconds,
      limits.perIp,
      limits.perAccount,
      limits.perAccountTotal,
    ]),
  );
  await pruneOccasionally(store, limits.windowSeconds);
  const reserved = new Set(result[0]?.reserved ?? []);
  const counted = rows.filter(([scope]) => reserved.has(scope));
  if (counted.length === rows.length) {
    return { reserved: true, release: (signedIn) => releaseRows(store, counted, signedIn) };
  }
  // Refused: give back what this attempt counted under the keys that had room.
  if (counted.length > 0) await releaseRows(store, counted, false);
  const retry = result[0]?.retry_after;
  return { reserved: false, retryAfterSeconds: retry && retry > 0 ? retry : limits.windowSeconds };
}

async function releaseRows(store: Store, rows: [Scope, string][], signedIn: boolean): Promise<void> {
  await withService("Howdah store", () => store.pool.query(RELEASE(rows.length), [signedIn, ...rows.flat()]));
}

/**
 * Deletes rows whose window has passed. SKIP LOCKED: rows a sign-in holds are left for
 * next time, so pruning never waits and can never deadlock with a reservation.
 */
export async function pruneExpiredAttempts(store: Store, windowSeconds: number): Promise<number> {
  const { rowCount } = await withService("Howdah store", () =>
    store.pool.query(
      `DELETE FROM howdah.sign_in_throttle WHERE ctid IN (
         SELECT ctid FROM howdah.sign_in_throttle
          WHERE window_start <= now() - make_interval(secs => $1)
          LIMIT 500 FOR UPDATE SKIP LOCKED)`,
      [windowSeconds],
    ),
  );
  return rowCount ?? 0;
}

const PRUNE_EVERY_MS = 60_000;
const lastPrune = new WeakMap<Store, number>();

/** At most once a minute per store: enough to keep the table to the attempts of one window. */
async function pruneOccasionally(store: Store, windowSeconds: number): Promise<void> {
  const now = Date.now();
  if (now - (lastPrune.get(store) ?? 0) < PRUNE_EVERY_MS) return;
  lastPrune.set(store, now);
  await pruneExpiredAttempts(store, windowSeconds).catch(() => undefined);
}
