import "server-only";
import type pg from "pg";

/**
 * What the next vacuum run would remove at given periods, counted with the
 * vacuums' own predicates (facts B5, app/lib/vacuum/*.rb):
 * - MediaAttachmentsVacuum, cached part (within the id range below the
 *   cutoff: a media id is the snowflake of its created_at, so rows created
 *   before the cutoff all lie there, and the primary key bounds the scan): `remote_url <> '' AND file_file_name
 *   IS NOT NULL AND created_at < cutoff AND updated_at < cutoff` (files
 *   cleared, rows kept); it spares nothing locals interacted with, so those
 *   are counted apart for the admin to see;
 * - its orphan pass, always on: `status_id IS NULL AND scheduled_status_id IS
 *   NULL AND created_at < 1 day ago` (rows and files deleted);
 * - PreviewCardsVacuum (media period): `image_file_name NOT IN (NULL, '') AND updated_at < cutoff`;
 * - StatusesVacuum: kept statuses of remote accounts with `id <
 *   Snowflake.id_at(cutoff)` (ms << 16), split into untouched ones and those
 *   local users favourited, bookmarked, pinned, replied to, boosted or
 *   received as DMs; plus the local boosts of them the
 *   `reblog_of_id ON DELETE CASCADE` deletes;
 * - BackupsVacuum: `created_at < cutoff`.
 * A null period: that part is off (null figures), except the orphan pass.
 */
export interface WhatIfPeriods {
  mediaDays: number | null;
  contentDays: number | null;
  backupsDays: number | null;
}

export interface WhatIf {
  media: { files: number; bytes: number; ofInteractedPosts: number } | null;
  previewCards: { images: number; bytes: number } | null;
  statuses: {
    total: number;
    untouched: number;
    favourited: number;
    bookmarked: number;
    pinned: number;
    repliedTo: number;
    boosted: number;
    directToLocals: number;
    localBoostsCascaded: number;
  } | null;
  archives: { count: number; bytes: number } | null;
  orphans: { files: number; bytes: number };
}

export const DAY = 86_400_000;
export const utc = (ms: number) => new Date(ms).toISOString();
// `timestamp without time zone` columns hold UTC wall times.
export const BEFORE = (param: string) => `(${param}::timestamptz AT TIME ZONE 'UTC')`;
export const LOCAL_ACCOUNT = "JOIN accounts la ON la.id = x.account_id AND la.domain IS NULL";
/** Mastodon::Snowflake.id_at(t, with_random: false): the first id of millisecond t. */
export const snowflakeAt = (ms: number) => (BigInt(Math.max(0, Math.floor(ms))) << 16n).toString();

/** Local users' interactions with status `sid` that the vacuums ignore and an admin cares about. */
export const interacted = (sid: string) => `(
  EXISTS (SELECT 1 FROM favourites x ${LOCAL_ACCOUNT} WHERE x.status_id = ${sid})
  OR EXISTS (SELECT 1 FROM bookmarks x WHERE x.status_id = ${sid})
  OR EXISTS (SELECT 1 FROM statuses x ${LOCAL_ACCOUNT} WHERE x.reblog_of_id = ${sid} AND x.deleted_at IS NULL)
  OR EXISTS (SELECT 1 FROM statuses x ${LOCAL_ACCOUNT} WHERE x.in_reply_to_id = ${sid} AND x.deleted_at IS NULL))`;

export async function readWhatIf(db: Pick<pg.Pool, "query">, periods: WhatIfPeriods, nowMs: number): Promise<WhatIf> {
  const cutoff = (days: number) => nowMs - days * DAY;
  const [media, cards, statuses, archives, orphans] = await Promise.all([
    periods.mediaDays === null ? null : mediaFigures(db, cutoff(periods.mediaDays)),
    periods.mediaDays === null ? null : cardFigures(db, cutoff(periods.mediaDays)),
    periods.contentDays === null ? null : statusFigures(db, cutoff(periods.contentDays)),
    periods.backupsDays === null ? null : archiveFigures(db, cutoff(periods.backupsDays)),
    orphanFigures(db, nowMs - DAY),
  ]);
  return { media, previewCards: cards, statuses, archives, orphans };
}

async function mediaFigures(db: Pick<pg.Pool, "query">, cutoffMs: number) {
  const { rows } = await db.query<{ files: string; bytes: string; interacted: string }>(
    `SELECT count(*) AS files,
            coalesce(sum(coalesce(m.file_file_size, 0) + coalesce(m.thumbnail_file_size, 0)), 0) AS bytes,
            count(*) FILTER (WHERE m.status_id IS NOT NULL AND ${interacted("m.status_id")}) AS interacted
       FROM media_attachments m
      WHERE m.remote_url <> '' AND m.file_file_name IS NOT NULL AND m.id < $2::bigint
        AND m.created_at < ${BEFORE("$1")} AND m.updated_at < ${BEFORE("$1")}`,
    [utc(cutoffMs), snowflakeAt(cutoffMs + 1)],
  );
  const r = rows[0]!;
  return { files: Number(r.files), bytes: Number(r.bytes), ofInteractedPosts: Number(r.interacted) };
}

async function cardFigures(db: Pick<pg.Pool, "query">, cutoffMs: number) {
  const { rows } = await db.query<{ images: string; bytes: string }>(
    `SELECT count(*) AS images, coalesce(sum(image_file_size), 0) AS bytes FROM preview_cards
      WHERE image_file_name IS NOT NULL AND image_file_name <> '' AND updated_at < ${BEFORE("$1")}`,
    [utc(cutoffMs)],
  );
  return { images: Number(rows[0]!.images), bytes: Number(rows[0]!.bytes) };
}

/**
 * Remote statuses below the cutoff id, and which of them local users touched.
 * The total is one count over the id range; the touched ones are found from
 * the interactions' side (each table's index on the status id, bounded by the
 * same id range), which are few beside the remote posts, instead of probing
 * every doomed post: at millions of remote posts that is what keeps it fast.
 */
async function statusFigures(db: Pick<pg.Pool, "query">, cutoffMs: number) {
  const maxId = snowflakeAt(cutoffMs);
  const totalQuery = db.query<{ total: string }>(
    `SELECT count(*) AS total FROM statuses s JOIN accounts a ON a.id = s.account_id AND a.domain IS NOT NULL
      WHERE s.deleted_at IS NULL AND s.id < $1::bigint`,
    [maxId],
  );
  const touchedQuery = db.query<Record<string, string>>(
    `WITH marks AS (
       SELECT x.status_id AS id, 'fav' AS mark, 0 AS boosts FROM favourites x ${LOCAL_ACCOUNT}
        WHERE x.status_id < $1::bigint
       UNION ALL SELECT x.status_id, 'bookmark', 0 FROM bookmarks x WHERE x.status_id < $1::bigint
       UNION ALL SELECT x.status_id, 'pin', 0 FROM status_pins x WHERE x.status_id < $1::bigint
       UNION ALL SELECT x.in_reply_to_id, 'reply', 0 FROM statuses x ${LOCAL_ACCOUNT}
        WHERE x.in_reply_to_id < $1::bigint AND x.deleted_at IS NULL
       UNION ALL SELECT x.reblog_of_id, 'boost', 1 FROM statuses x ${LOCAL_ACCOUNT} WHERE x.reblog_of_id < $1::bigint
       UNION ALL SELECT x.status_id, 'mention', 0 FROM mentions x ${LOCAL_ACCOUNT} WHERE x.status_id < $1::bigint
     ), touched AS (
       SELECT m.id,
              bool_or(mark = 'fav') AS fav, bool_or(mark = 'bookmark') AS bookmark, bool_or(mark = 'pin') AS pin,
              bool_or(mark = 'reply') AS reply, bool_or(mark = 'boost') AS boost,
              bool_or(mark = 'mention') AND s.visibility = 3 AS dm, sum(boosts) AS boosts
         FROM marks m
         JOIN statuses s ON s.id = m.id AND s.deleted_at IS NULL
         JOIN accounts a ON a.id = s.account_id AND a.domain IS NOT NULL
        GROUP BY m.id, s.visibility
     )
     SELECT count(*) FILTER (WHERE fav OR bookmark OR pin OR reply OR boost OR dm) AS touched,
            count(*) FILTER (WHERE fav) AS favourited, count(*) FILTER (WHERE bookmark) AS bookmarked,
            count(*) FILTER (WHERE pin) AS pinned, count(*) FILTER (WHERE reply) AS replied,
            count(*) FILTER (WHERE boost) AS boosted, count(*) FILTER (WHERE dm) AS dms,
            coalesce(sum(boosts), 0) AS cascaded
       FROM touched`,
    [maxId],
  );
  const [{ rows: totals }, { rows }] = await Promise.all([totalQuery, touchedQuery]);
  const r = rows[0]!;
  const total = Number(totals[0]!.total);
  return {
    total,
    untouched: total - Number(r.touched),
    favourited: Number(r.favourited),
    bookmarked: Number(r.bookmarked),
    pinned: Number(r.pinned),
    repliedTo: Number(r.replied),
    boosted: Number(r.boosted),
    directToLocals: Number(r.dms),
    localBoostsCascaded: Number(r.cascaded),
  };
}

async function archiveFigures(db: Pick<pg.Pool, "query">, cutoffMs: number) {
  const { rows } = await db.query<{ count: string; bytes: string }>(
    `SELECT count(*) AS count, coalesce(sum(dump_file_size), 0) AS bytes FROM backups
      WHERE created_at < ${BEFORE("$1")}`,
    [utc(cutoffMs)],
  );
  return { count: Number(rows[0]!.count), bytes: Number(rows[0]!.bytes) };
}

async function orphanFigures(db: Pick<pg.Pool, "query">, cutoffMs: number) {
  const { rows } = await db.query<{ files: string; bytes: string }>(
    `SELECT count(*) AS files,
            coalesce(sum(coalesce(file_file_size, 0) + coalesce(thumbnail_file_size, 0)), 0) AS bytes
       FROM media_attachments
      WHERE status_id IS NULL AND scheduled_status_id IS NULL AND created_at < ${BEFORE("$1")}`,
    [utc(cutoffMs)],
  );
  return { files: Number(rows[0]!.files), bytes: Number(rows[0]!.bytes) };
}
