import "server-only";
import type { TrafficCount } from "@/lib/mastodon/relays/traffic-sql";
import type pg from "pg";
import { inTransaction } from "@/lib/pg/in-transaction";
import { addPhase, timePhase, type PhaseTimes } from "@/lib/shared/phase-times";
import type { Store } from "./connection";
import { applyRangeChanges } from "./relay-domain-ranges";

export { refreshRelayTopDomains } from "./relay-domain-ranges";

/**
 * The relay traffic rollups (prisma/migrations/0005_relays*.sql): incoming
 * remote posts per arrival hour and origin domain, the hour totals, the day
 * rows, the top domains per chart range (kept by deltas: relay-domain-ranges.ts)
 * and the rollup's state row. Written
 * by the worker (lib/relays/rollup.ts) with plain SQL; read by the Relays
 * page, the overview tile and /metrics.
 */
const DAY_MS = 86_400_000;
const LOCK_KEY = 0x72656c61; // "rela"

const iso = (ms: number) => new Date(ms).toISOString();

/** Runs `run` holding the rollup's session lock; null at once when another run holds it. */
export async function withRelayRollupLock<T>(store: Store, run: () => Promise<T>): Promise<T | null> {
  const lock = await store.pool.connect();
  try {
    const { rows } = await lock.query<{ ok: boolean }>("SELECT pg_try_advisory_lock($1) AS ok", [LOCK_KEY]);
    if (!rows[0]?.ok) return null;
    try {
      return await run();
    } finally {
      await lock.query("SELECT pg_advisory_unlock($1)", [LOCK_KEY]);
    }
  } finally {
    lock.release();
  }
}

export interface RelayRollupMark {
  backfillFromMs: number;
  countedToMs: number;
}

export async function readRelayRollupMark(store: Store): Promise<RelayRollupMark | null> {
  const { rows } = await store.pool.query<{ backfill_from: Date; counted_to: Date }>(
    "SELECT backfill_from, counted_to FROM howdah.relay_traffic_state WHERE id",
  );
  const r = rows[0];
  return r ? { backfillFromMs: r.backfill_from.getTime(), countedToMs: r.counted_to.getTime() } : null;
}

/**
 * Replaces hours [fromMs, toMs): their domain rows and their totals; applies
 * what changed (new rows minus old ones) to the day rows and to the top
 * servers' ranges (lib/store/relay-domain-ranges.ts), instead of summing the
 * whole day again; moves the state row's mark, all in one transaction.
 */
export async function replaceTrafficHours(
  store: Store,
  fromMs: number,
  toMs: number,
  counts: TrafficCount[],
  mark: { countedToMs: number; highWaterId: bigint; backfillFromMs: number; caughtUp: boolean },
  phases?: PhaseTimes,
): Promise<void> {
  const from = iso(fromMs);
  const to = iso(toMs);
  const col = <K extends keyof TrafficCount>(k: K) => counts.map((c) => c[k]);
  await inTransaction(store.pool, async (client) => {
    await client.query(
      `CREATE TEMP TABLE relay_hour_changes
         (hour timestamptz, domain text, n int, ${SUMS.map((c) => `${c} bigint`).join(", ")}) ON COMMIT DROP`,
    );
    // The old rows go out, counted negative; the new ones come in, counted positive.
    const rowsStarted = performance.now();
    await client.query(
      `WITH old AS (DELETE FROM howdah.relay_traffic_hour_domains WHERE hour >= $1 AND hour < $2 RETURNING *)
       INSERT INTO relay_hour_changes SELECT hour, domain, -1, ${SUMS.map((c) => `-${c}`).join(", ")} FROM old`,
      [from, to],
    );
    if (counts.length) {
      await client.query(
        `WITH new AS (
           INSERT INTO howdah.relay_traffic_hour_domains
             (hour, domain, statuses, followed, relay_estimate, boosts, media_bytes, followed_media_bytes,
              relay_media_bytes)
           SELECT to_timestamp(h / 1000.0), d, s, f, r, b, mb, fmb, rmb
             FROM unnest($1::float8[], $2::text[], $3::int[], $4::int[], $5::int[], $6::int[], $7::int8[], $8::int8[],
                         $9::int8[])
               AS u(h, d, s, f, r, b, mb, fmb, rmb)
           RETURNING *)
         INSERT INTO relay_hour_changes SELECT hour, domain, 1, ${SUMS.join(", ")} FROM new`,
        [
          col("hourMs"),
          col("domain"),
          col("statuses"),
          col("followed"),
          col("relayEstimate"),
          col("boosts"),
          col("mediaBytes"),
          col("followedMediaBytes"),
          col("relayMediaBytes"),
        ],
      );
    }
    addPhase(phases, "hour rows", rowsStarted);
    const totalsStarted = performance.now();
    await client.query("DELETE FROM howdah.relay_traffic_hours WHERE hour >= $1 AND hour < $2", [from, to]);
    await client.query(
      `INSERT INTO howdah.relay_traffic_hours
         (hour, statuses, followed, relay_estimate, boosts, media_bytes, followed_media_bytes, relay_media_bytes,
          domains, counted_at)
       SELECT h.hour, COALESCE(sum(d.statuses), 0), COALESCE(sum(d.followed), 0), COALESCE(sum(d.relay_estimate), 0),
              COALESCE(sum(d.boosts), 0),
              COALESCE(sum(d.media_bytes), 0), COALESCE(sum(d.followed_media_bytes), 0),
              COALESCE(sum(d.relay_media_bytes), 0),
              count(d.domain), now()
         FROM generate_series($1::timestamptz, $2::timestamptz - interval '1 hour', interval '1 hour') AS h(hour)
         -- The range again on d, so only these hours' rows are read (not a scan of 35 days).
         LEFT JOIN howdah.relay_traffic_hour_domains d ON d.hour = h.hour AND d.hour >= $1 AND d.hour < $2
        GROUP BY h.hour`,
      [from, to],
    );
    addPhase(phases, "hour totals", totalsStarted);
    await timePhase(phases, "day rows", () => applyDayChanges(client));
    await timePhase(phases, "ranges", () => applyRangeChanges(client));
    await client.query(
      `INSERT INTO howdah.relay_traffic_state
         (id, backfill_from, counted_to, high_water_id, caught_up, last_run_at, last_run_ms, last_run_statuses,
          last_run_hours)
       VALUES (true, $1, $2, $3, $4, now(), 0, 0, 0)
       ON CONFLICT (id) DO UPDATE SET counted_to = GREATEST(howdah.relay_traffic_state.counted_to, EXCLUDED.counted_to),
         high_water_id = GREATEST(howdah.relay_traffic_state.high_water_id, EXCLUDED.high_water_id),
         caught_up = EXCLUDED.caught_up`,
      [iso(mark.backfillFromMs), iso(mark.countedToMs), mark.highWaterId.toString(), mark.caughtUp],
    );
  });
}

/** The hour rows' fields the day rows sum. */
const SUMS = [
  "statuses",
  "followed",
  "relay_estimate",
  "boosts",
  "media_bytes",
  "followed_media_bytes",
  "relay_media_bytes",
] as const;

/**
 * The day rows of the UTC days the replaced hours lie in, changed by what
 * changed in those hours (a day row is the sum of its hour rows, `hours` of
 * them): created with their first hour row, dropped with their last. The
 * changes are left in relay_day_changes for the ranges.
 */
async function applyDayChanges(client: pg.PoolClient): Promise<void> {
  await client.query(
    `CREATE TEMP TABLE relay_day_changes ON COMMIT DROP AS
     SELECT (hour AT TIME ZONE 'UTC')::date AS day, domain, 0 AS old_hours, sum(n)::int AS hours,
            ${SUMS.map((c) => `sum(${c})::bigint AS ${c}`).join(", ")}
       FROM relay_hour_changes GROUP BY 1, 2`,
  );
  // Hours recounted unchanged (most of the overlap) change nothing.
  await client.query(`DELETE FROM relay_day_changes WHERE hours = 0 AND ${SUMS.map((c) => `${c} = 0`).join(" AND ")}`);
  // The upsert returns each row's new hour count, which tells how many it had before.
  await client.query(
    `WITH up AS (
       INSERT INTO howdah.relay_traffic_day_domains AS t (day, domain, hours, ${SUMS.join(", ")})
       SELECT day, domain, hours, ${SUMS.join(", ")} FROM relay_day_changes ORDER BY day, domain
       ON CONFLICT (day, domain) DO UPDATE SET hours = t.hours + EXCLUDED.hours,
         ${SUMS.map((c) => `${c} = t.${c} + EXCLUDED.${c}`).join(", ")}
       RETURNING t.day, t.domain, t.hours)
     UPDATE relay_day_changes c SET old_hours = up.hours - c.hours
       FROM up WHERE up.day = c.day AND up.domain = c.domain`,
  );
  await client.query(
    `DELETE FROM howdah.relay_traffic_day_domains d USING relay_day_changes c
      WHERE c.old_hours + c.hours = 0 AND d.day = c.day AND d.domain = c.domain`,
  );
}

/** Notes the run on the state row, with the relay counts by state when they could be read. */
export async function finishRelayRollupRun(
  store: Store,
  run: { ms: number; statuses: number; hours: number; caughtUp: boolean },
  relays: Record<string, number> | null,
): Promise<void> {
  await store.pool.query(
    `UPDATE howdah.relay_traffic_state SET last_run_at = now(), last_run_ms = $1, last_run_statuses = $2,
            last_run_hours = $3, caught_up = $4, relays = COALESCE($5::jsonb, relays) WHERE id`,
    [run.ms, run.statuses, run.hours, run.caughtUp, relays ? JSON.stringify(relays) : null],
  );
}

/** Hour-domain rows go after 35 days (never in a day a later run may still recompute); day-domain rows after 400. */
export async function pruneRelayTraffic(store: Store, countedToMs: number, marginMs: number): Promise<void> {
  const keepFrom = Math.min(Date.now() - 35 * DAY_MS, Math.floor((countedToMs - marginMs) / DAY_MS) * DAY_MS);
  await store.pool.query("DELETE FROM howdah.relay_traffic_hour_domains WHERE hour < $1", [iso(keepFrom)]);
  await store.pool.query(
    "DELETE FROM howdah.relay_traffic_day_domains WHERE day < (now() - interval '400 days')::date",
  );
}
