import "server-only";
import type pg from "pg";
import { BEFORE, interacted, snowflakeAt, utc } from "./what-if-sql";

/**
 * The MediaAttachmentsVacuum's cached part: `remote_url <> '' AND
 * file_file_name IS NOT NULL AND created_at < cutoff AND updated_at <
 * cutoff`, i.e. greatest(created_at, updated_at) < cutoff. Neither column is
 * indexed; the id is: a media id is the snowflake of the moment the row was
 * inserted, never after its created_at (a re-download resets created_at and
 * updated_at, not the id), so rows created before the cutoff lie below
 * Snowflake.id_at(cutoff) and every count here is bounded by an id range.
 */
export interface MediaFigures {
  files: number;
  bytes: number;
  ofInteractedPosts: number;
}

const CACHED = "m.remote_url <> '' AND m.file_file_name IS NOT NULL";
const BYTES = "coalesce(m.file_file_size, 0) + coalesce(m.thumbnail_file_size, 0)";
const INTERACTED = `count(*) FILTER (WHERE m.status_id IS NOT NULL AND ${interacted("m.status_id")})`;
const ID_HOUR = "((m.id >> 16) / 3600000)";
const GREATEST = "greatest(m.created_at, m.updated_at)";

/**
 * Cached remote media the vacuum clears at `cutoffMs`, counting only rows
 * whose id is at or after the snowflake of `idFromMs` (0: all of them, the
 * whole live count). The rollup holds the older ids (lib/retention/what-if-rollup.ts).
 */
export async function countMedia(db: Pick<pg.Pool, "query">, cutoffMs: number, idFromMs = 0): Promise<MediaFigures> {
  const from = idFromMs > 0;
  const { rows } = await db.query<{ files: string; bytes: string; interacted: string }>(
    `SELECT count(*) AS files, coalesce(sum(${BYTES}), 0) AS bytes, ${INTERACTED} AS interacted
       FROM media_attachments m
      WHERE ${CACHED} AND m.id < $2::bigint
        AND m.created_at < ${BEFORE("$1")} AND m.updated_at < ${BEFORE("$1")}
        ${from ? "AND m.id >= $3::bigint" : ""}`,
    [utc(cutoffMs), snowflakeAt(cutoffMs + 1), ...(from ? [snowflakeAt(idFromMs)] : [])],
  );
  const r = rows[0]!;
  return { files: Number(r.files), bytes: Number(r.bytes), ofInteractedPosts: Number(r.interacted) };
}

/**
 * One piece of the rollup's full pass over cached remote media, ids in
 * (afterId, upToId], by the UTC hour of the id (the bound the live count can
 * use): rows whose greatest(created_at, updated_at) falls in that hour or
 * before are summed by the hour; rows touched in a later hour (downloaded
 * late, re-downloaded, edited) are summed by their exact greatest(created_at,
 * updated_at), so a cutoff inside any hour still compares exactly.
 */
export interface MediaRollupRow {
  /** The start of the id's UTC hour, epoch ms. */
  hourMs: number;
  /** The exact greatest(created_at, updated_at) (UTC wall time, µs) of rows touched in a later hour; else null. */
  lateAt: string | null;
  files: number;
  bytes: number;
  interacted: number;
}

export async function countMediaRollupPiece(
  db: Pick<pg.Pool, "query">,
  afterId: string,
  upToId: string,
): Promise<MediaRollupRow[]> {
  const { rows } = await db.query<{ h: string; late_at: string | null; files: string; bytes: string; i: string }>(
    `SELECT ${ID_HOUR} AS h,
            CASE WHEN ${GREATEST} >= to_timestamp((${ID_HOUR} + 1) * 3600) AT TIME ZONE 'UTC'
                 THEN to_char(${GREATEST}, 'YYYY-MM-DD HH24:MI:SS.US') END AS late_at,
            count(*) AS files, coalesce(sum(${BYTES}), 0) AS bytes, ${INTERACTED} AS i
       FROM media_attachments m
      WHERE ${CACHED} AND m.id > $1::bigint AND m.id <= $2::bigint
      GROUP BY 1, 2`,
    [afterId, upToId],
  );
  return rows.map((r) => ({
    hourMs: Number(r.h) * 3_600_000,
    lateAt: r.late_at,
    files: Number(r.files),
    bytes: Number(r.bytes),
    interacted: Number(r.i),
  }));
}

/** The id that ends a piece of at most `rows` media rows after `afterId` (the primary key only), or null at the end. */
export async function mediaPieceEnd(db: Pick<pg.Pool, "query">, afterId: string, rows: number): Promise<string | null> {
  const { rows: r } = await db.query<{ id: string | null }>(
    `SELECT max(id)::text AS id FROM (SELECT id FROM media_attachments WHERE id > $1::bigint ORDER BY id LIMIT $2) p`,
    [afterId, rows],
  );
  return r[0]?.id ?? null;
}
