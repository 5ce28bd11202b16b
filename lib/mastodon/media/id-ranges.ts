import "server-only";
import type pg from "pg";
import { lastIdBefore } from "./id-buckets";
import type { Queryable, StorageSource } from "./sources";

/**
 * Index-only walks over a table's primary key, so the rollups can count it in
 * chunks of a known number of rows (each chunk well under the statement
 * timeout), and the upper bound the incremental pass may safely count to.
 */

/**
 * The end (inclusive) of a chunk of at most `rows` rows after `after`, capped
 * at `upTo`. An index scan of `rows` entries, no heap access.
 */
export async function chunkEnd(
  db: Queryable,
  table: string,
  after: bigint,
  upTo: bigint,
  rows: number,
): Promise<bigint> {
  const { rows: found } = await (db as pg.Pool).query<{ id: string }>(
    `SELECT id::text AS id FROM ${table} WHERE id > $1 AND id <= $2 ORDER BY id OFFSET $3 LIMIT 1`,
    [after.toString(), upTo.toString(), rows],
  );
  return found[0] ? BigInt(found[0].id) - 1n : upTo;
}

export async function maxId(db: Queryable, table: string): Promise<bigint | null> {
  const { rows } = await (db as pg.Pool).query<{ id: string | null }>(`SELECT max(id)::text AS id FROM ${table}`);
  return rows[0]?.id ? BigInt(rows[0].id) : null;
}

export async function minId(db: Queryable, table: string): Promise<bigint | null> {
  const { rows } = await (db as pg.Pool).query<{ id: string | null }>(`SELECT min(id)::text AS id FROM ${table}`);
  return rows[0]?.id ? BigInt(rows[0].id) : null;
}

/**
 * "Now" as the database sees its data: on a replica, the time of the last
 * replayed transaction (rows committed on the primary after that are not
 * visible yet); on the primary, now().
 */
export async function dataTimeMs(db: Queryable): Promise<number> {
  const { rows } = await (db as pg.Pool).query<{ ms: string }>(
    `SELECT (extract(epoch FROM CASE WHEN pg_is_in_recovery()
                THEN LEAST(now(), COALESCE(pg_last_xact_replay_timestamp(), now())) ELSE now() END)
                * 1000)::bigint::text AS ms`,
  );
  return Number(rows[0]!.ms);
}

/**
 * The highest id the incremental pass may count now. Snowflake ids carry the
 * time their transaction started, and a transaction can commit a little
 * later, so ids are only taken once their time is `marginMs` old; a row that
 * commits later still is picked up by the daily reconcile. Sequence ids carry
 * no time: the bound is the newest id whose created_at is that old.
 */
export async function incrementalBound(
  db: Queryable,
  source: StorageSource,
  after: bigint,
  marginMs: number,
): Promise<bigint> {
  const now = await dataTimeMs(db);
  if (source.ids === "snowflake") return lastIdBefore(now - marginMs);
  const { rows } = await (db as pg.Pool).query<{ id: string | null }>(
    `SELECT max(id)::text AS id FROM ${source.table}
      WHERE id > $1 AND created_at < to_timestamp($2 / 1000.0) AT TIME ZONE 'UTC'`,
    [after.toString(), now - marginMs],
  );
  return rows[0]?.id ? BigInt(rows[0].id) : after;
}

/**
 * Rows in a table, for progress ("about N rows"): the planner's estimate, or
 * an exact count when the table is small enough for that to be cheap (a table
 * never analysed has no estimate).
 */
export async function estimatedRows(db: Queryable, table: string): Promise<number> {
  const { rows } = await (db as pg.Pool).query<{ n: string }>(
    `SELECT GREATEST(reltuples, 0)::bigint::text AS n FROM pg_class
      WHERE oid = to_regclass('public.' || quote_ident($1))`,
    [table],
  );
  const estimate = Number(rows[0]?.n ?? 0);
  if (estimate >= 200_000) return estimate;
  const exact = await (db as pg.Pool).query<{ n: string }>(
    `SELECT count(*)::text AS n FROM (SELECT 1 FROM ${table} LIMIT 200000) t`,
  );
  return Math.max(estimate, Number(exact.rows[0]?.n ?? 0));
}
