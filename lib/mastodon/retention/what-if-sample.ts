import "server-only";
import type pg from "pg";
import { BEFORE, DAY, interacted, LOCAL_ACCOUNT, snowflakeAt, utc } from "./what-if-sql";

/**
 * A sample of what one what-if figure counts: the oldest rows (lowest ids)
 * the same predicate selects, with where to see each (the original post or
 * file on its server). The predicates are the what-if's (what-if.ts),
 * figure by figure, so the sample is of exactly what is counted.
 */
export const WHAT_IF_FIGURES = [
  "media",
  "media_interacted",
  "preview_cards",
  "statuses",
  "statuses_untouched",
  "statuses_favourited",
  "statuses_bookmarked",
  "statuses_pinned",
  "statuses_replied_to",
  "statuses_boosted",
  "statuses_direct",
  "local_boosts",
  "archives",
  "orphans",
] as const;
export type WhatIfFigure = (typeof WHAT_IF_FIGURES)[number];

export interface SampleRow {
  id: string;
  createdAt: Date;
  /** Who: the remote account (user@domain), the local booster, or the archive's user id. */
  who: string | null;
  /** Where to see it: the post's or file's address on its server; null when there is none. */
  url: string | null;
  bytes: number | null;
}

const LOCAL = (table: string, sid: string) =>
  `EXISTS (SELECT 1 FROM ${table} x ${LOCAL_ACCOUNT} WHERE x.status_id = ${sid})`;
const STATUS_FLAGS: Record<string, string> = {
  statuses: "TRUE",
  statuses_untouched: `NOT ${interacted("s.id")} AND NOT EXISTS (SELECT 1 FROM status_pins x WHERE x.status_id = s.id)
    AND NOT (s.visibility = 3 AND ${LOCAL("mentions", "s.id")})`,
  statuses_favourited: LOCAL("favourites", "s.id"),
  statuses_bookmarked: "EXISTS (SELECT 1 FROM bookmarks x WHERE x.status_id = s.id)",
  statuses_pinned: "EXISTS (SELECT 1 FROM status_pins x WHERE x.status_id = s.id)",
  statuses_replied_to: `EXISTS (SELECT 1 FROM statuses x ${LOCAL_ACCOUNT}
    WHERE x.in_reply_to_id = s.id AND x.deleted_at IS NULL)`,
  statuses_boosted: `EXISTS (SELECT 1 FROM statuses x ${LOCAL_ACCOUNT} WHERE x.reblog_of_id = s.id)`,
  statuses_direct: `s.visibility = 3 AND ${LOCAL("mentions", "s.id")}`,
};

const ACCT = "a.username || '@' || coalesce(a.domain, '')";
const DOOMED_STATUS = `JOIN accounts a ON a.id = s.account_id AND a.domain IS NOT NULL
  WHERE s.deleted_at IS NULL AND s.id < $1::bigint`;
const CACHED_MEDIA = `m.remote_url <> '' AND m.file_file_name IS NOT NULL
  AND m.id < $3::bigint AND m.created_at < ${BEFORE("$1")} AND m.updated_at < ${BEFORE("$1")}`;

function sampleSql(figure: WhatIfFigure): { sql: string; byId: boolean } {
  const size = "coalesce(m.file_file_size, 0) + coalesce(m.thumbnail_file_size, 0)";
  switch (figure) {
    case "media":
    case "media_interacted":
      return {
        byId: false,
        sql: `SELECT m.id::text, m.created_at, ${ACCT} AS who, m.remote_url AS url, ${size} AS bytes
                FROM media_attachments m JOIN accounts a ON a.id = m.account_id
               WHERE ${CACHED_MEDIA}
                 ${figure === "media_interacted" ? `AND m.status_id IS NOT NULL AND ${interacted("m.status_id")}` : ""}
               ORDER BY m.id LIMIT $2`,
      };
    case "preview_cards":
      return {
        byId: false,
        // Qualified: a bare `ORDER BY id` would sort by the text output column.
        sql: `SELECT p.id::text, p.created_at, NULL AS who, p.url, p.image_file_size AS bytes FROM preview_cards p
               WHERE p.image_file_name IS NOT NULL AND p.image_file_name <> '' AND p.updated_at < ${BEFORE("$1")}
               ORDER BY p.id LIMIT $2`,
      };
    case "local_boosts":
      return {
        byId: true,
        sql: `SELECT b.id::text, b.created_at, lb.username AS who, coalesce(s.url, s.uri) AS url, NULL AS bytes
                FROM statuses s ${DOOMED_STATUS.replace(
                  "WHERE",
                  "JOIN statuses b ON b.reblog_of_id = s.id " +
                    "JOIN accounts lb ON lb.id = b.account_id AND lb.domain IS NULL WHERE",
                )}
               ORDER BY b.id LIMIT $2`,
      };
    case "archives":
      return {
        byId: false,
        sql: `SELECT b.id::text, b.created_at, 'user ' || b.user_id AS who, NULL AS url, b.dump_file_size AS bytes
                FROM backups b WHERE b.created_at < ${BEFORE("$1")} ORDER BY b.id LIMIT $2`,
      };
    case "orphans":
      return {
        byId: false,
        sql: `SELECT m.id::text, m.created_at, ${ACCT} AS who, nullif(m.remote_url, '') AS url, ${size} AS bytes
                FROM media_attachments m JOIN accounts a ON a.id = m.account_id
               WHERE m.status_id IS NULL AND m.scheduled_status_id IS NULL AND m.created_at < ${BEFORE("$1")}
               ORDER BY m.id LIMIT $2`,
      };
    default:
      return {
        byId: true,
        sql: `SELECT s.id::text, s.created_at, ${ACCT} AS who, coalesce(s.url, s.uri) AS url, NULL AS bytes
                FROM statuses s ${DOOMED_STATUS} AND ${STATUS_FLAGS[figure]}
               ORDER BY s.id LIMIT $2`,
      };
  }
}

/** Up to `limit` of the oldest rows a figure counts at a period of `days` (ignored by the orphan pass: one day). */
export async function readWhatIfSample(
  db: Pick<pg.Pool, "query">,
  figure: WhatIfFigure,
  days: number,
  nowMs: number,
  limit = 20,
): Promise<SampleRow[]> {
  const cutoffMs = nowMs - (figure === "orphans" ? 1 : days) * DAY;
  const { sql, byId } = sampleSql(figure);
  // $1 is the cutoff as the predicate needs it: a time, or the first status id of that millisecond;
  // cached media also take the id range below it ($3), as the what-if does.
  const params: unknown[] = [byId ? snowflakeAt(cutoffMs) : utc(cutoffMs), limit];
  if (sql.includes("$3")) params.push(snowflakeAt(cutoffMs + 1));
  const { rows } = await db.query<{
    id: string;
    created_at: Date;
    who: string | null;
    url: string | null;
    bytes: string | null;
  }>(sql, params);
  return rows.map((r) => ({
    id: r.id,
    createdAt: r.created_at,
    who: r.who,
    url: r.url,
    bytes: r.bytes === null ? null : Number(r.bytes),
  }));
}
