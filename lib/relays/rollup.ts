import type pg from "pg";
import { countRelaysByState } from "@/lib/mastodon/relays/relay-rows";
import { countTraffic, HOUR_MS, idAtMs, type TrafficCount } from "@/lib/mastodon/relays/traffic-sql";
import { asServiceError } from "@/lib/mastodon/service-errors";
import { inTransaction } from "@/lib/pg/in-transaction";
import type { ServerContext } from "@/lib/server/context";
import type { Store } from "@/lib/store/connection";

/**
 * The worker's incremental rollup of incoming remote posts per arrival hour
 * and origin domain (counts: lib/mastodon/relays/traffic-sql.ts).
 *
 * - Incremental by id: the state row keeps the high-water mark (counted_to,
 *   as a snowflake id). A run reads only ids from the start of the hour that
 *   holds `counted_to - 15 min` up to now: the new ids, plus an overlap margin
 *   for rows that become visible late (a snowflake carries its transaction's
 *   start time and a hashed tail, so ids do not commit in order).
 * - Idempotent: an hour is the unit written, and it is replaced whole (hour
 *   rows, its day's domain rows recomputed), so re-counting the overlap never
 *   double-counts, and a run that dies half-way leaves consistent tables.
 * - Bounded: ids are read in pieces (15 min to 24 h of ids, adapted so each
 *   statement takes about a second, halved on a statement timeout) on the
 *   read replica when there is one, and a run stops starting pieces after
 *   its time budget; the next run carries on from the mark. The first run
 *   starts 90 days back (a backfill over several runs on a big instance).
 */
export interface RollupOptions {
  now?: number;
  /** Stop starting new pieces after this long (default 20 s). */
  budgetMs?: number;
  /** At most this many pieces per run (tests). */
  maxPieces?: number;
  backfillDays?: number;
  marginMs?: number;
  /** Width of the first piece, minutes (default 60). */
  pieceMinutes?: number;
}

export interface RollupRun {
  skipped?: "another run holds the lock";
  fromMs: number;
  toMs: number;
  countedToMs: number;
  hours: number;
  statuses: number;
  pieces: number;
  caughtUp: boolean;
  ms: number;
}

const DAY_MS = 86_400_000;
const MIN_PIECE = 15;
const MAX_PIECE = 24 * 60;
const LOCK_KEY = 0x72656c61; // "rela"
export const ROLLUP_DEFAULTS = { budgetMs: 20_000, backfillDays: 90, marginMs: 15 * 60_000, pieceMinutes: 60 } as const;

const floorHour = (ms: number) => Math.floor(ms / HOUR_MS) * HOUR_MS;
const iso = (ms: number) => new Date(ms).toISOString();

export async function rollupRelayTraffic(context: ServerContext, options: RollupOptions = {}): Promise<RollupRun> {
  const store = await context.store();
  const lock = await store.pool.connect();
  try {
    const { rows } = await lock.query<{ ok: boolean }>("SELECT pg_try_advisory_lock($1) AS ok", [LOCK_KEY]);
    if (!rows[0]?.ok)
      return {
        skipped: "another run holds the lock",
        fromMs: 0,
        toMs: 0,
        countedToMs: 0,
        hours: 0,
        statuses: 0,
        pieces: 0,
        caughtUp: false,
        ms: 0,
      };
    try {
      return await run(context, store, options);
    } finally {
      await lock.query("SELECT pg_advisory_unlock($1)", [LOCK_KEY]);
    }
  } finally {
    lock.release();
  }
}

async function run(context: ServerContext, store: Store, options: RollupOptions): Promise<RollupRun> {
  const started = performance.now();
  const now = options.now ?? Date.now();
  const budget = options.budgetMs ?? ROLLUP_DEFAULTS.budgetMs;
  const margin = options.marginMs ?? ROLLUP_DEFAULTS.marginMs;
  const state = await readState(store.pool);
  const backfillFrom =
    state?.backfillFromMs ?? floorHour(now - (options.backfillDays ?? ROLLUP_DEFAULTS.backfillDays) * DAY_MS);
  const fromMs = state ? Math.max(backfillFrom, floorHour(Math.min(state.countedToMs, now) - margin)) : backfillFrom;
  // For the overview tile, which reads only Howdah's store.
  const relays = await countRelaysByState(context.mastodon.readDb).catch(() => null);

  let piece = options.pieceMinutes ?? ROLLUP_DEFAULTS.pieceMinutes;
  let cursor = fromMs;
  let flushedTo = fromMs;
  /** What the state row says: the cursor at the last write (a partial hour not yet written is read again next run). */
  let countedTo = state?.countedToMs ?? fromMs;
  let pieces = 0;
  let statuses = 0;
  let hours = 0;
  // Pieces narrower than an hour return the same (hour, domain) more than once: summed here.
  const pending = new Map<string, TrafficCount>();
  const out = (): RollupRun => ({
    fromMs,
    toMs: now,
    countedToMs: countedTo,
    hours,
    statuses,
    pieces,
    caughtUp: cursor >= now,
    ms: Math.round(performance.now() - started),
  });

  while (
    cursor < now &&
    performance.now() - started < budget &&
    (options.maxPieces === undefined || pieces < options.maxPieces)
  ) {
    // Pieces of an hour or more end on an hour boundary, so each flush writes whole hours.
    const width = piece * 60_000;
    const end = Math.min(now, piece >= 60 ? floorHour(cursor + width) : cursor + width);
    const t0 = performance.now();
    let counts: TrafficCount[];
    try {
      counts = await countTraffic(context.mastodon.readDb, cursor, end);
    } catch (error) {
      // A piece that hits the statement timeout is retried half as wide.
      if ((error as { code?: string }).code === "57014" && piece > MIN_PIECE) {
        piece = Math.max(MIN_PIECE, Math.floor(piece / 2));
        continue;
      }
      throw asServiceError(context.mastodon.hasReplica ? "PostgreSQL replica" : "PostgreSQL", error);
    }
    const took = performance.now() - t0;
    pieces++;
    for (const c of counts) {
      addInto(pending, c);
      statuses += c.statuses + c.boosts;
    }
    cursor = end;
    piece =
      took < 300 ? Math.min(MAX_PIECE, piece * 2) : took > 1_500 ? Math.max(MIN_PIECE, Math.floor(piece / 2)) : piece;
    // Write every hour the cursor has completed; at the present, the current (partial) hour too.
    const flushTo = cursor >= now ? floorHour(now) + HOUR_MS : floorHour(cursor);
    if (flushTo > flushedTo) {
      const batch = [...pending.values()].filter((c) => c.hourMs < flushTo);
      await writeHours(store, flushedTo, flushTo, batch, {
        countedToMs: cursor,
        backfillFromMs: backfillFrom,
        caughtUp: cursor >= now,
      });
      hours += (flushTo - flushedTo) / HOUR_MS;
      for (const c of batch) pending.delete(`${c.hourMs}|${c.domain}`);
      flushedTo = flushTo;
      countedTo = cursor;
    }
  }
  const result = out();
  await finishState(store.pool, result, relays);
  await prune(store.pool, result.countedToMs, margin);
  await refreshTopDomains(store.pool, now);
  return result;
}

const SUMMED = [
  "statuses",
  "followed",
  "relayEstimate",
  "boosts",
  "mediaBytes",
  "followedMediaBytes",
  "relayMediaBytes",
] as const;

function addInto(into: Map<string, TrafficCount>, c: TrafficCount): void {
  const key = `${c.hourMs}|${c.domain}`;
  const had = into.get(key);
  if (!had) into.set(key, { ...c });
  else for (const f of SUMMED) had[f] += c[f];
}

interface State {
  backfillFromMs: number;
  countedToMs: number;
}

async function readState(pool: pg.Pool): Promise<State | null> {
  const { rows } = await pool.query<{ backfill_from: Date; counted_to: Date }>(
    "SELECT backfill_from, counted_to FROM howdah.relay_traffic_state WHERE id",
  );
  const r = rows[0];
  return r ? { backfillFromMs: r.backfill_from.getTime(), countedToMs: r.counted_to.getTime() } : null;
}

/** Replaces hours [fromMs, toMs): their domain rows, their totals, and the domain rows of the days they touch. */
async function writeHours(
  store: Store,
  fromMs: number,
  toMs: number,
  counts: TrafficCount[],
  mark: { countedToMs: number; backfillFromMs: number; caughtUp: boolean },
): Promise<void> {
  const from = iso(fromMs);
  const to = iso(toMs);
  const col = <K extends keyof TrafficCount>(k: K) => counts.map((c) => c[k]);
  await inTransaction(store.pool, async (client) => {
    await client.query("DELETE FROM howdah.relay_traffic_hour_domains WHERE hour >= $1 AND hour < $2", [from, to]);
    if (counts.length) {
      await client.query(
        `INSERT INTO howdah.relay_traffic_hour_domains
           (hour, domain, statuses, followed, relay_estimate, boosts, media_bytes, followed_media_bytes, relay_media_bytes)
         SELECT to_timestamp(h / 1000.0), d, s, f, r, b, mb, fmb, rmb
           FROM unnest($1::float8[], $2::text[], $3::int[], $4::int[], $5::int[], $6::int[], $7::int8[], $8::int8[], $9::int8[])
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
         (hour, statuses, followed, relay_estimate, boosts, media_bytes, followed_media_bytes, relay_media_bytes, domains, counted_at)
       SELECT h.hour, COALESCE(sum(d.statuses), 0), COALESCE(sum(d.followed), 0), COALESCE(sum(d.relay_estimate), 0), COALESCE(sum(d.boosts), 0),
              COALESCE(sum(d.media_bytes), 0), COALESCE(sum(d.followed_media_bytes), 0), COALESCE(sum(d.relay_media_bytes), 0),
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
      "DELETE FROM howdah.relay_traffic_day_domains WHERE day >= ($1::timestamptz AT TIME ZONE 'UTC')::date AND day < ($2::timestamptz AT TIME ZONE 'UTC')::date",
      [firstDay, afterLastDay],
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
      `INSERT INTO howdah.relay_traffic_state (id, backfill_from, counted_to, high_water_id, caught_up, last_run_at, last_run_ms, last_run_statuses, last_run_hours)
       VALUES (true, $1, $2, $3, $4, now(), 0, 0, 0)
       ON CONFLICT (id) DO UPDATE SET counted_to = GREATEST(howdah.relay_traffic_state.counted_to, EXCLUDED.counted_to),
         high_water_id = GREATEST(howdah.relay_traffic_state.high_water_id, EXCLUDED.high_water_id), caught_up = EXCLUDED.caught_up`,
      [iso(mark.backfillFromMs), iso(mark.countedToMs), idAtMs(mark.countedToMs).toString(), mark.caughtUp],
    );
  });
}

async function finishState(pool: pg.Pool, result: RollupRun, relays: Record<string, number> | null): Promise<void> {
  await pool.query(
    `UPDATE howdah.relay_traffic_state SET last_run_at = now(), last_run_ms = $1, last_run_statuses = $2, last_run_hours = $3,
            caught_up = $4, relays = COALESCE($5::jsonb, relays) WHERE id`,
    [result.ms, result.statuses, result.hours, result.caughtUp, relays ? JSON.stringify(relays) : null],
  );
}

/**
 * The ten origin servers with the most remote posts for each chart range,
 * as of this run: 48 h from the hour rows, 14 and 90 days from the day rows
 * (whole UTC days). Pages read these ten rows instead of summing thousands.
 * The 14- and 90-day sums come from one pass over the day rows (the 90 days
 * hold the 14): on a big instance that is a few hundred thousand rows, and
 * this runs after every rollup.
 */
async function refreshTopDomains(pool: pg.Pool, now: number): Promise<void> {
  const hourFrom = iso(floorHour(now) - 47 * HOUR_MS);
  const day = (days: number) => iso(Math.floor(now / DAY_MS) * DAY_MS - (days - 1) * DAY_MS).slice(0, 10);
  await inTransaction(pool, async (client) => {
    await client.query("DELETE FROM howdah.relay_traffic_top_domains");
    await client.query(
      `WITH days AS (
         SELECT domain,
                sum(statuses) FILTER (WHERE day >= $2::date) AS s14, sum(followed) FILTER (WHERE day >= $2::date) AS f14,
                sum(relay_estimate) FILTER (WHERE day >= $2::date) AS r14, sum(media_bytes) FILTER (WHERE day >= $2::date) AS m14,
                sum(relay_media_bytes) FILTER (WHERE day >= $2::date) AS rm14,
                sum(statuses) AS s90, sum(followed) AS f90, sum(relay_estimate) AS r90, sum(media_bytes) AS m90, sum(relay_media_bytes) AS rm90
           FROM howdah.relay_traffic_day_domains WHERE day >= $3::date GROUP BY domain)
       INSERT INTO howdah.relay_traffic_top_domains (range, rank, domain, statuses, followed, relay_estimate, media_bytes, relay_media_bytes, computed_at)
       SELECT range, rank, domain, statuses, followed, relay_estimate, media_bytes, relay_media_bytes, now() FROM (
         SELECT range, domain, statuses, followed, relay_estimate, media_bytes, relay_media_bytes,
                row_number() OVER (PARTITION BY range ORDER BY statuses DESC, domain)::int AS rank
           FROM (
             SELECT '48h' AS range, domain, sum(statuses) AS statuses, sum(followed) AS followed, sum(relay_estimate) AS relay_estimate,
                    sum(media_bytes) AS media_bytes, sum(relay_media_bytes) AS relay_media_bytes
               FROM howdah.relay_traffic_hour_domains WHERE hour >= $1 GROUP BY domain
             UNION ALL
             SELECT '14d', domain, s14, f14, r14, m14, rm14 FROM days WHERE s14 IS NOT NULL
             UNION ALL
             SELECT '90d', domain, s90, f90, r90, m90, rm90 FROM days
           ) sums
       ) ranked WHERE rank <= 10`,
      [hourFrom, day(14), day(90)],
    );
  });
}

/** Hour-domain rows go after 35 days (never in a day a later run may still recompute); day-domain rows after 400. */
async function prune(pool: pg.Pool, countedToMs: number, marginMs: number): Promise<void> {
  const keepFrom = Math.min(Date.now() - 35 * DAY_MS, Math.floor((countedToMs - marginMs) / DAY_MS) * DAY_MS);
  await pool.query("DELETE FROM howdah.relay_traffic_hour_domains WHERE hour < $1", [iso(keepFrom)]);
  await pool.query("DELETE FROM howdah.relay_traffic_day_domains WHERE day < (now() - interval '400 days')::date");
}
