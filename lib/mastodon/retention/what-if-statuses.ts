import "server-only";
import type pg from "pg";
import { LOCAL_ACCOUNT, snowflakeAt } from "./what-if-sql";

/** Remote statuses the content vacuum deletes, and how local users touched them (what-if.ts). */
export interface StatusFigures {
  total: number;
  untouched: number;
  favourited: number;
  bookmarked: number;
  pinned: number;
  repliedTo: number;
  boosted: number;
  directToLocals: number;
  localBoostsCascaded: number;
}

/** Half-open ranges of time [fromMs, toMs), read as the snowflake ids created in them. */
export type MsRange = readonly [fromMs: number, toMs: number];

export const NO_STATUSES: StatusFigures = {
  total: 0,
  untouched: 0,
  favourited: 0,
  bookmarked: 0,
  pinned: 0,
  repliedTo: 0,
  boosted: 0,
  directToLocals: 0,
  localBoostsCascaded: 0,
};

export function addStatusFigures(a: StatusFigures, b: StatusFigures): StatusFigures {
  const sum = { ...a };
  for (const key of Object.keys(sum) as (keyof StatusFigures)[]) sum[key] += b[key];
  return sum;
}

/**
 * Kept statuses of remote accounts whose id lies in the given ranges (the
 * StatusesVacuum's `id < Snowflake.id_at(cutoff)` is the range [0, cutoff)),
 * and which of them local users touched. Every table is entered by an index
 * on the status id bounded by the ranges: the statuses' primary key for the
 * total, each interaction table's status-id index for the marks (few beside
 * the remote posts), so an hour of ids reads an hour of rows, whatever the
 * size of the instance; the rollup (lib/retention/what-if-rollup.ts) sums
 * whole hours and asks here only for the rest.
 */
export async function countStatuses(db: Pick<pg.Pool, "query">, ranges: readonly MsRange[]): Promise<StatusFigures> {
  const live = ranges.filter(([from, to]) => to > from);
  if (live.length === 0) return NO_STATUSES;
  const rows = await countByHour(db, live, false);
  return rows[0]?.figures ?? NO_STATUSES;
}

/** The same figures for [fromMs, toMs), per UTC hour of the id (hours without remote posts left out): the rollup's. */
export async function countStatusHours(
  db: Pick<pg.Pool, "query">,
  fromMs: number,
  toMs: number,
): Promise<{ hourMs: number; figures: StatusFigures }[]> {
  return countByHour(db, [[fromMs, toMs]], true);
}

const HOUR = "((%s >> 16) / 3600000)";
/** The author is local. Every status has its account (a foreign key), so NOT this is "remote": a test against
 * the local accounts (thousands), not the remote ones (hundreds of thousands). */
const LOCAL_AUTHOR = (s: string) => `SELECT 1 FROM accounts la WHERE la.id = ${s}.account_id AND la.domain IS NULL`;

async function countByHour(db: Pick<pg.Pool, "query">, ranges: readonly MsRange[], byHour: boolean) {
  const params = [ranges.map(([from]) => snowflakeAt(from)), ranges.map(([, to]) => snowflakeAt(to))];
  const bucket = (id: string) => (byHour ? HOUR.replace("%s", id) : "0");
  const totalQuery = db.query<{ h: string; total: string }>(
    `WITH r AS (SELECT * FROM unnest($1::bigint[], $2::bigint[]) AS r(lo, hi))
     SELECT ${bucket("s.id")} AS h, count(*) AS total FROM r
       CROSS JOIN LATERAL (SELECT s.id FROM statuses s
                            WHERE s.id >= r.lo AND s.id < r.hi AND s.deleted_at IS NULL
                              AND NOT EXISTS (${LOCAL_AUTHOR("s")}) OFFSET 0) s
      GROUP BY 1`,
    params,
  );
  // Each range is read on its own (a lateral subquery the planner cannot
  // flatten: OFFSET 0), so each table is entered by its status-id index over
  // that range; flattened, the planner hashed all 970k replies of the bench.
  const touchedQuery = db.query<Record<string, string>>(
    `WITH r AS (SELECT * FROM unnest($1::bigint[], $2::bigint[]) AS r(lo, hi)),
     marks AS (
       SELECT m.* FROM r CROSS JOIN LATERAL (SELECT * FROM (
         SELECT x.status_id AS id, 'fav' AS mark, 0 AS boosts FROM favourites x ${LOCAL_ACCOUNT}
          WHERE x.status_id >= r.lo AND x.status_id < r.hi
         UNION ALL SELECT x.status_id, 'bookmark', 0 FROM bookmarks x WHERE x.status_id >= r.lo AND x.status_id < r.hi
         UNION ALL SELECT x.status_id, 'pin', 0 FROM status_pins x WHERE x.status_id >= r.lo AND x.status_id < r.hi
         UNION ALL SELECT x.in_reply_to_id, 'reply', 0 FROM statuses x ${LOCAL_ACCOUNT}
          WHERE x.in_reply_to_id >= r.lo AND x.in_reply_to_id < r.hi AND x.deleted_at IS NULL
         UNION ALL SELECT x.reblog_of_id, 'boost', 1 FROM statuses x ${LOCAL_ACCOUNT}
          WHERE x.reblog_of_id >= r.lo AND x.reblog_of_id < r.hi
         UNION ALL SELECT x.status_id, 'mention', 0 FROM mentions x ${LOCAL_ACCOUNT}
          WHERE x.status_id >= r.lo AND x.status_id < r.hi
       ) u OFFSET 0) m
     ), flags AS (
       SELECT id, bool_or(mark = 'fav') AS fav, bool_or(mark = 'bookmark') AS bookmark, bool_or(mark = 'pin') AS pin,
              bool_or(mark = 'reply') AS reply, bool_or(mark = 'boost') AS boost, bool_or(mark = 'mention') AS mention,
              sum(boosts) AS boosts
         FROM marks GROUP BY id
     ), touched AS (
       -- One primary-key probe per marked post (LIMIT 1 keeps the planner from hashing all statuses instead).
       SELECT f.id, f.fav, f.bookmark, f.pin, f.reply, f.boost, f.mention AND s.visibility = 3 AS dm, f.boosts
         FROM flags f
         CROSS JOIN LATERAL (SELECT s.visibility FROM statuses s
                              WHERE s.id = f.id AND s.deleted_at IS NULL AND NOT EXISTS (${LOCAL_AUTHOR("s")})
                              LIMIT 1) s
     )
     SELECT ${bucket("id")} AS h,
            count(*) FILTER (WHERE fav OR bookmark OR pin OR reply OR boost OR dm) AS touched,
            count(*) FILTER (WHERE fav) AS favourited, count(*) FILTER (WHERE bookmark) AS bookmarked,
            count(*) FILTER (WHERE pin) AS pinned, count(*) FILTER (WHERE reply) AS replied,
            count(*) FILTER (WHERE boost) AS boosted, count(*) FILTER (WHERE dm) AS dms,
            coalesce(sum(boosts), 0) AS cascaded
       FROM touched GROUP BY 1`,
    params,
  );
  const [{ rows: totals }, { rows: marks }] = await Promise.all([totalQuery, touchedQuery]);
  const byBucket = new Map(marks.map((r) => [r.h!, r]));
  // A touched status is a kept remote one, so every bucket with marks has a total.
  return totals.map((t) => {
    const r = byBucket.get(t.h) ?? {};
    const n = (key: string) => Number(r[key] ?? 0);
    const total = Number(t.total);
    const figures: StatusFigures = {
      total,
      untouched: total - n("touched"),
      favourited: n("favourited"),
      bookmarked: n("bookmarked"),
      pinned: n("pinned"),
      repliedTo: n("replied"),
      boosted: n("boosted"),
      directToLocals: n("dms"),
      localBoostsCascaded: n("cascaded"),
    };
    return { hourMs: Number(t.h) * 3_600_000, figures };
  });
}

/** The UTC day start (ms) of the first status at or after `fromMs` by id, or null: lets the rollup skip empty days. */
export async function nextStatusDay(db: Pick<pg.Pool, "query">, fromMs: number): Promise<number | null> {
  const { rows } = await db.query<{ ms: string | null }>(
    "SELECT (min(id) >> 16)::text AS ms FROM statuses WHERE id >= $1::bigint",
    [snowflakeAt(fromMs)],
  );
  const ms = rows[0]?.ms;
  return ms == null ? null : Math.floor(Number(ms) / 86_400_000) * 86_400_000;
}
