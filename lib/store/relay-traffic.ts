import "server-only";
import type { TrafficCount } from "@/lib/mastodon/relays/traffic-sql";
import type pg from "pg";
import { inTransaction } from "@/lib/pg/in-transaction";
import type { Store } from "./connection";

/**
 * The relay traffic rollups (prisma/migrations/0005_relays*.sql): incoming
 * remote posts per arrival hour and origin domain, the hour totals, the day
 * rows, the top domains per chart range and the rollup's state row. Written
 * by the worker (lib/relays/rollup.ts) with plain SQL; read by the Relays
 * page, the overview tile and /metrics.
 */
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const LOCK_KEY = 0x72656c61; // "rela"

const iso = (ms: number) => new Date(ms).toISOString();
const floorHour = (ms: number) => Math.floor(ms / HOUR_MS) * HOUR_MS;

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
 * Replaces hours [fromMs, toMs): their domain rows, their totals, and the
 * domain rows of the days they touch; moves the state row's mark, all in one
 * transaction.
 */
export async function replaceTrafficHours(
  store: Store,
  fromMs: number,
  toMs: number,
  counts: TrafficCount[],
  mark: { countedToMs: number; highWaterId: bigint; backfillFromMs: number; caughtUp: boolean },
): Promise<void> {
  const from = iso(fromMs);
  const to = iso(toMs);
  const col = <K extends keyof TrafficCount>(k: K) => counts.map((c) => c[k]);
  await inTransaction(store.pool, async (client) => {
    await client.query("DELETE FROM howdah.relay_traffic_hour_domains WHERE hour >= $1 AND hour < $2", [from, to]);
    if (counts.length) {
      await client.query(
        `INSERT INTO howdah.relay_traffic_hour_domains
           (hour, domain, statuses, followed, relay_estimate, boosts, media_bytes, followed_media_bytes,
            relay_media_bytes)
         SELECT to_timestamp(h / 1000.0), d, s, f, r, b, mb, fmb, rmb
           FROM unnest($1::float8[], $2::text[], $3::int[], $4::int[], $5::int[], $6::int[], $7::int8[], $8::int8[],
                       $9::int8[])
             AS u(h, d, s, f, r, b, mb, fmb, rmb)`,
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
    // UTC days touched by [from, to), recomputed whole from their hour rows.
    const firstDay = iso(Math.floor(fromMs / DAY_MS) * DAY_MS);
    const afterLastDay = iso(Math.floor((toMs - HOUR_MS) / DAY_MS) * DAY_MS + DAY_MS);
    await client.query(
      `DELETE FROM howdah.relay_traffic_day_domains
        WHERE day >= ($1::timestamptz AT TIME ZONE 'UTC')::date AND day < ($2::timestamptz AT TIME ZONE 'UTC')::date`,
      [firstDay, afterLastDay],
    );
    // A closed day the top-domain windows include was rewritten: they are recomputed at the end of the run.
    await client.query(
      `UPDATE howdah.relay_traffic_state SET windows_through = NULL
        WHERE id AND windows_through >= ($1::timestamptz AT TIME ZONE 'UTC')::date`,
      [firstDay],
    );
    await client.query(
      `INSERT INTO howdah.relay_traffic_day_domains
         (day, domain, statuses, followed, relay_estimate, boosts, media_bytes, followed_media_bytes, relay_media_bytes)
       SELECT (hour AT TIME ZONE 'UTC')::date, domain, sum(statuses), sum(followed), sum(relay_estimate), sum(boosts),
              sum(media_bytes), sum(followed_media_bytes), sum(relay_media_bytes)
         FROM howdah.relay_traffic_hour_domains
        WHERE hour >= $1 AND hour < $2
        GROUP BY 1, 2`,
      [firstDay, afterLastDay],
    );
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

/**
 * The ten origin servers with the most remote posts for each chart range,
 * as of this run: 48 h from the hour rows, 14 and 90 days (whole UTC days,
 * today included) from the day rows. Pages read these ten rows.
 *
 * The 14- and 90-day ranks do not sum every day row on each run (days ×
 * known servers): the closed days' sums per server are kept in
 * relay_traffic_domain_windows, recomputed when the day changes or a run
 * rewrote a closed day (replaceTrafficHours clears windows_through). A run
 * then ranks the servers with a row today (window + today) and, of the
 * others, whose total is their window's, only the ten largest: the top ten
 * of all servers is always among those, so the ranking equals a full recount.
 */
export async function refreshRelayTopDomains(store: Store, now: number): Promise<void> {
  const hourFrom = iso(floorHour(now) - 47 * HOUR_MS);
  const day = (daysBack: number) => iso(Math.floor(now / DAY_MS) * DAY_MS - daysBack * DAY_MS).slice(0, 10);
  await inTransaction(store.pool, async (client) => {
    const { rows } = await client.query<{ through: string | null }>(
      "SELECT to_char(windows_through, 'YYYY-MM-DD') AS through FROM howdah.relay_traffic_state WHERE id FOR UPDATE",
    );
    if (rows[0]?.through !== day(1)) await recomputeWindows(client, day(13), day(89), day(1));
    await client.query("DELETE FROM howdah.relay_traffic_top_domains");
    const sum = (w: string, t: string) => `COALESCE(w.${w}, 0) + COALESCE(t.${t}, 0)`;
    const others = (n: string) =>
      `SELECT w.domain, w.s${n}, w.f${n}, w.r${n}, w.m${n}, w.rm${n} FROM howdah.relay_traffic_domain_windows w
        WHERE w.s${n} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM today t WHERE t.domain = w.domain)
        ORDER BY w.s${n} DESC${n === "14" ? " NULLS LAST" : ""}, w.domain LIMIT 10`;
    const withToday = (n: string) =>
      `SELECT t.domain, ${sum(`s${n}`, "statuses")}, ${sum(`f${n}`, "followed")}, ${sum(`r${n}`, "relay_estimate")},
              ${sum(`m${n}`, "media_bytes")}, ${sum(`rm${n}`, "relay_media_bytes")}
         FROM today t LEFT JOIN howdah.relay_traffic_domain_windows w ON w.domain = t.domain`;
    await client.query(
      `WITH today AS MATERIALIZED (
         SELECT domain, statuses, followed, relay_estimate, media_bytes, relay_media_bytes
           FROM howdah.relay_traffic_day_domains WHERE day = $2::date)
       INSERT INTO howdah.relay_traffic_top_domains
         (range, rank, domain, statuses, followed, relay_estimate, media_bytes, relay_media_bytes, computed_at)
       SELECT range, rank, domain, statuses, followed, relay_estimate, media_bytes, relay_media_bytes, now() FROM (
         SELECT range, domain, statuses, followed, relay_estimate, media_bytes, relay_media_bytes,
                row_number() OVER (PARTITION BY range ORDER BY statuses DESC, domain)::int AS rank
           FROM (
             SELECT '48h' AS range, domain, sum(statuses) AS statuses, sum(followed) AS followed,
                    sum(relay_estimate) AS relay_estimate,
                    sum(media_bytes) AS media_bytes, sum(relay_media_bytes) AS relay_media_bytes
               FROM howdah.relay_traffic_hour_domains WHERE hour >= $1 GROUP BY domain
             UNION ALL SELECT '14d', * FROM (${withToday("14")}) a
             UNION ALL SELECT '14d', * FROM (${others("14")}) b
             UNION ALL SELECT '90d', * FROM (${withToday("90")}) c
             UNION ALL SELECT '90d', * FROM (${others("90")}) d
           ) sums
       ) ranked WHERE rank <= 10`,
      [hourFrom, day(0)],
    );
  });
}

/** The closed days' sums per server: days [from90, through], the 14-day ones from from14. */
async function recomputeWindows(client: pg.PoolClient, from14: string, from90: string, through: string) {
  const f = (col: string, n: string) => (n === "14" ? `sum(${col}) FILTER (WHERE day >= $1::date)` : `sum(${col})`);
  const cols = (n: string) =>
    ["statuses", "followed", "relay_estimate", "media_bytes", "relay_media_bytes"].map((c) => f(c, n)).join(", ");
  await client.query("DELETE FROM howdah.relay_traffic_domain_windows");
  await client.query(
    `INSERT INTO howdah.relay_traffic_domain_windows (domain, s14, f14, r14, m14, rm14, s90, f90, r90, m90, rm90)
     SELECT domain, ${cols("14")}, ${cols("90")}
       FROM howdah.relay_traffic_day_domains WHERE day >= $2::date AND day <= $3::date GROUP BY domain`,
    [from14, from90, through],
  );
  await client.query("UPDATE howdah.relay_traffic_state SET windows_through = $1::date WHERE id", [through]);
}

/** Hour-domain rows go after 35 days (never in a day a later run may still recompute); day-domain rows after 400. */
export async function pruneRelayTraffic(store: Store, countedToMs: number, marginMs: number): Promise<void> {
  const keepFrom = Math.min(Date.now() - 35 * DAY_MS, Math.floor((countedToMs - marginMs) / DAY_MS) * DAY_MS);
  await store.pool.query("DELETE FROM howdah.relay_traffic_hour_domains WHERE hour < $1", [iso(keepFrom)]);
  await store.pool.query(
    "DELETE FROM howdah.relay_traffic_day_domains WHERE day < (now() - interval '400 days')::date",
  );
}
