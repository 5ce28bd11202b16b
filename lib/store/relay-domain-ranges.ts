import "server-only";
import type pg from "pg";
import { inTransaction } from "@/lib/pg/in-transaction";
import type { Store } from "./connection";

/**
 * The top origin servers per chart range (48 hours, 14 and 90 days), kept by
 * deltas (prisma/migrations/0024_relay_domain_ranges.sql).
 *
 * relay_traffic_domain_ranges holds, per server, the sums of each range
 * (today and the current hour included) and how many rows make them up. They
 * stay equal to a recount because:
 * - every run that replaces hours applies what changed (the new hour and day
 *   rows minus the old ones) to the ranges those rows lie in, as they stand
 *   (applyRangeChanges, in the same transaction as the rows);
 * - at the end of a run the ranges move to the run's hour and day by taking
 *   off the hour and day rows that left them and adding the days that entered
 *   (refreshRelayTopDomains): one hour's or one day's rows, not 90 days';
 * - when they have never been computed, the state row was reset, the clock
 *   went back or they jumped further than a range, they are recomputed from
 *   the hour and day rows once.
 * A run's writes follow what arrived, not how many servers the instance
 * knows; the ten largest per range are then ranked from one row per server
 * (no ranking indexes: keeping three of them up to date on every change cost
 * more than this one ordered read per run).
 */
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();
const floorHour = (ms: number) => Math.floor(ms / HOUR_MS) * HOUR_MS;
const dayOf = (ms: number) => iso(Math.floor(ms / DAY_MS) * DAY_MS).slice(0, 10);

/** Range columns: hour/day row field → column suffix letter. */
const FIELDS = [
  ["statuses", "s"],
  ["followed", "f"],
  ["relay_estimate", "r"],
  ["media_bytes", "m"],
  ["relay_media_bytes", "rm"],
] as const;
type Range = "48" | "14" | "90";
const RANGES: Range[] = ["48", "14", "90"];
const cols = (n: Range) => [`n${n}`, ...FIELDS.map(([, c]) => `${c}${n}`)];
const ALL_COLS = RANGES.flatMap(cols);

interface Position {
  /** The first hour of the 48 hours (epoch ms). */
  hourMs: number | null;
  /** The day before the ranges' today (YYYY-MM-DD), as 0023's windows_through. */
  through: string | null;
}

async function readPosition(client: pg.PoolClient, lock: boolean): Promise<Position | null> {
  const { rows } = await client.query<{ hour: Date | null; through: string | null }>(
    `SELECT ranges_hour AS hour, to_char(windows_through, 'YYYY-MM-DD') AS through
       FROM howdah.relay_traffic_state WHERE id${lock ? " FOR UPDATE" : ""}`,
  );
  const r = rows[0];
  return r ? { hourMs: r.hour?.getTime() ?? null, through: r.through } : null;
}

/**
 * Adds signed sums per server to the ranges and drops servers left in none.
 * `sql` yields (domain, n48, s48, …, rm90), any of them NULL for "unchanged".
 */
async function addToRanges(client: pg.PoolClient, sql: string, params: unknown[]): Promise<void> {
  const sums = ALL_COLS.map((c) => `COALESCE(sum(${c}), 0)`).join(", ");
  await client.query(
    `INSERT INTO howdah.relay_traffic_domain_ranges AS t (domain, ${ALL_COLS.join(", ")})
     SELECT domain, ${sums} FROM (${sql}) x GROUP BY domain ORDER BY domain
     ON CONFLICT (domain) DO UPDATE SET ${ALL_COLS.map((c) => `${c} = t.${c} + EXCLUDED.${c}`).join(", ")}`,
    params,
  );
  await client.query("DELETE FROM howdah.relay_traffic_domain_ranges WHERE n48 = 0 AND n14 = 0 AND n90 = 0");
}

/** SELECT list for one range from rows of `source`, each counting `n` and signed by `sign`. */
function rangeSelect(range: Range, n: string, sign: string): string {
  return RANGES.flatMap((r) =>
    r === range
      ? [`${sign} * ${n} AS n${r}`, ...FIELDS.map(([f, c]) => `${sign} * ${f} AS ${c}${r}`)]
      : cols(r).map((c) => `NULL::bigint AS ${c}`),
  ).join(", ");
}

/**
 * Called by replaceTrafficHours inside its transaction, with the changes in
 * temp tables relay_hour_changes (hour, domain, n: +1 new row / -1 old row,
 * signed sums) and relay_day_changes (day, domain, old_hours, hours: the
 * change in hour rows, signed sums). Ranges never computed are left alone:
 * the end of the run computes them.
 */
export async function applyRangeChanges(client: pg.PoolClient): Promise<void> {
  const position = await readPosition(client, false);
  if (!position) return;
  const parts: string[] = [];
  const params: unknown[] = [];
  if (position.hourMs !== null) {
    params.push(iso(position.hourMs));
    parts.push(`SELECT domain, ${rangeSelect("48", "n", "1")} FROM relay_hour_changes WHERE hour >= $${params.length}`);
  }
  if (position.through !== null) {
    params.push(position.through);
    const t = `$${params.length}::date`;
    // A day row comes into a range when its first hour row arrives and leaves it with its last.
    const entered = "((old_hours + hours > 0)::int - (old_hours > 0)::int)";
    // One pass over the day changes for both ranges (the 14 days lie within the 90).
    const in14 = `day >= ${t} - 12`;
    // In the order of ALL_COLS (a UNION matches columns by position).
    const both = [
      `CASE WHEN ${in14} THEN ${entered} END AS n14`,
      ...FIELDS.map(([f, c]) => `CASE WHEN ${in14} THEN ${f} END AS ${c}14`),
      `${entered} AS n90`,
      ...FIELDS.map(([f, c]) => `${f} AS ${c}90`),
    ];
    parts.push(
      `SELECT domain, ${cols("48")
        .map((c) => `NULL::bigint AS ${c}`)
        .join(", ")}, ${both.join(", ")}
         FROM relay_day_changes WHERE day >= ${t} - 88 AND day <= ${t} + 1`,
    );
  }
  if (parts.length) await addToRanges(client, parts.join(" UNION ALL "), params);
}

/**
 * Moves the ranges to `now` (or recomputes them) and rewrites the ten
 * origin servers with the most remote posts per range, which pages read.
 */
export async function refreshRelayTopDomains(store: Store, now: number): Promise<void> {
  const hourMs = floorHour(now) - 47 * HOUR_MS;
  const through = dayOf(now - DAY_MS);
  await inTransaction(store.pool, async (client) => {
    const position = (await readPosition(client, true)) ?? { hourMs: null, through: null };
    await moveHours(client, position.hourMs, hourMs);
    await moveDays(client, position.through, through);
    await client.query("UPDATE howdah.relay_traffic_state SET ranges_hour = $1, windows_through = $2::date WHERE id", [
      iso(hourMs),
      through,
    ]);
    await client.query("DELETE FROM howdah.relay_traffic_top_domains");
    const top = (range: string, n: Range) =>
      `SELECT '${range}' AS range, row_number() OVER (ORDER BY s${n} DESC, domain)::int AS rank, domain,
              s${n}, f${n}, r${n}, m${n}, rm${n}
         FROM (SELECT * FROM howdah.relay_traffic_domain_ranges WHERE n${n} > 0
                ORDER BY s${n} DESC, domain LIMIT 10) t`;
    await client.query(
      `INSERT INTO howdah.relay_traffic_top_domains
         (range, rank, domain, statuses, followed, relay_estimate, media_bytes, relay_media_bytes, computed_at)
       SELECT *, now() FROM (${top("48h", "48")} UNION ALL ${top("14d", "14")} UNION ALL ${top("90d", "90")}) ranked`,
    );
  });
}

const zero = (n: Range) =>
  cols(n)
    .map((c) => `${c} = 0`)
    .join(", ");

/** The 48 hours from `to`: hour rows from it on (no end: the current hour is the last there is). */
async function moveHours(client: pg.PoolClient, from: number | null, to: number): Promise<void> {
  if (from === to) return;
  if (from === null || to < from || to - from >= 48 * HOUR_MS) {
    await client.query(`UPDATE howdah.relay_traffic_domain_ranges SET ${zero("48")} WHERE n48 <> 0 OR s48 <> 0`);
    await addToRanges(
      client,
      `SELECT domain, ${rangeSelect("48", "1", "1")} FROM howdah.relay_traffic_hour_domains WHERE hour >= $1`,
      [iso(to)],
    );
    return;
  }
  // The hours that left the range, taken off.
  await addToRanges(
    client,
    `SELECT domain, ${rangeSelect("48", "1", "-1")} FROM howdah.relay_traffic_hour_domains
      WHERE hour >= $1 AND hour < $2`,
    [iso(from), iso(to)],
  );
}

/** The 14 and 90 days whose day before today is `to`: day rows from to - 12 (to - 88) through to + 1. */
async function moveDays(client: pg.PoolClient, from: string | null, to: string): Promise<void> {
  if (from === to) return;
  const days = from === null ? Infinity : (Date.parse(to) - Date.parse(from)) / DAY_MS;
  if (days < 0 || days > 13) {
    await client.query(
      `UPDATE howdah.relay_traffic_domain_ranges SET ${zero("14")}, ${zero("90")} WHERE n90 <> 0 OR s90 <> 0
          OR n14 <> 0 OR s14 <> 0`,
    );
    await addToRanges(
      client,
      `SELECT domain, ${rangeSelect("14", "1", "1")} FROM howdah.relay_traffic_day_domains
        WHERE day >= $1::date - 12 AND day <= $1::date + 1
       UNION ALL
       SELECT domain, ${rangeSelect("90", "1", "1")} FROM howdah.relay_traffic_day_domains
        WHERE day >= $1::date - 88 AND day <= $1::date + 1`,
      [to],
    );
    return;
  }
  // Days that left each range taken off, the days after the old today added (at most 13 of each).
  await addToRanges(
    client,
    `SELECT domain, ${rangeSelect("14", "1", "-1")} FROM howdah.relay_traffic_day_domains
      WHERE day >= $1::date - 12 AND day < $2::date - 12
     UNION ALL
     SELECT domain, ${rangeSelect("90", "1", "-1")} FROM howdah.relay_traffic_day_domains
      WHERE day >= $1::date - 88 AND day < $2::date - 88
     UNION ALL
     SELECT domain, ${rangeSelect("14", "1", "1")} FROM howdah.relay_traffic_day_domains
      WHERE day > $1::date + 1 AND day <= $2::date + 1
     UNION ALL
     SELECT domain, ${rangeSelect("90", "1", "1")} FROM howdah.relay_traffic_day_domains
      WHERE day > $1::date + 1 AND day <= $2::date + 1`,
    [from, to],
  );
}
