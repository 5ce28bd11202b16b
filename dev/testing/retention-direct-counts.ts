import type pg from "pg";

/**
 * What each vacuum's predicate selects (facts B5), counted directly and
 * written independently of Howdah's what-if (per-post probes instead of the
 * interactions' side, the cutoff computed in SQL, greatest() instead of two
 * comparisons): what the what-if tests compare with, figure by figure.
 */
export interface DirectCounts {
  mediaFiles: number;
  mediaBytes: number;
  mediaInteracted: number;
  cards: number;
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
  };
  archives: number;
  orphans: number;
}

const LOCAL = "JOIN accounts la ON la.id = x.account_id AND la.domain IS NULL";

export async function directCounts(db: pg.Pool, days: number, nowMs: number): Promise<DirectCounts> {
  const one = async (sql: string) => Number((await db.query(sql)).rows[0].n);
  const nowSql = `(to_timestamp(${nowMs / 1000}) AT TIME ZONE 'UTC')`;
  const cutoff = `(${nowSql} - interval '${days} days')`;
  const cached = `length(m.remote_url) > 0 AND m.file_file_name IS NOT NULL
    AND greatest(m.created_at, m.updated_at) < ${cutoff}`;
  const localInteracted = `SELECT f.status_id AS sid FROM favourites f JOIN accounts a ON a.id = f.account_id
      WHERE a.domain IS NULL
    UNION SELECT status_id FROM bookmarks
    UNION SELECT r.reblog_of_id FROM statuses r JOIN accounts a ON a.id = r.account_id
      WHERE a.domain IS NULL AND r.deleted_at IS NULL AND r.reblog_of_id IS NOT NULL
    UNION SELECT r.in_reply_to_id FROM statuses r JOIN accounts a ON a.id = r.account_id
      WHERE a.domain IS NULL AND r.deleted_at IS NULL AND r.in_reply_to_id IS NOT NULL`;
  const media = (
    await db.query(
      `SELECT count(*) AS n, coalesce(sum(coalesce(file_file_size, 0) + coalesce(thumbnail_file_size, 0)), 0) AS b
         FROM media_attachments m WHERE ${cached}`,
    )
  ).rows[0];
  const mediaInteracted = await one(
    `SELECT count(*) AS n FROM media_attachments m JOIN (${localInteracted}) i ON i.sid = m.status_id WHERE ${cached}`,
  );
  const cards = await one(
    `SELECT count(*) AS n FROM preview_cards WHERE coalesce(image_file_name, '') <> '' AND updated_at < ${cutoff}`,
  );
  const s = (
    await db.query(
      `WITH doomed AS (
         SELECT s.id, s.visibility FROM statuses s, accounts a WHERE a.id = s.account_id AND a.domain IS NOT NULL
            AND s.deleted_at IS NULL
            AND s.id < (extract(epoch FROM ${cutoff} AT TIME ZONE 'UTC') * 1000)::bigint * 65536
       ), flags AS (
         SELECT d.id,
           EXISTS (SELECT 1 FROM favourites x ${LOCAL} WHERE x.status_id = d.id) AS fav,
           EXISTS (SELECT 1 FROM bookmarks x WHERE x.status_id = d.id) AS bookmark,
           EXISTS (SELECT 1 FROM status_pins x WHERE x.status_id = d.id) AS pin,
           EXISTS (SELECT 1 FROM statuses x ${LOCAL} WHERE x.in_reply_to_id = d.id AND x.deleted_at IS NULL) AS reply,
           EXISTS (SELECT 1 FROM statuses x ${LOCAL} WHERE x.reblog_of_id = d.id) AS boost,
           (d.visibility = 3 AND EXISTS (SELECT 1 FROM mentions x ${LOCAL} WHERE x.status_id = d.id)) AS dm
         FROM doomed d
       )
       SELECT count(*) AS total,
              count(*) FILTER (WHERE NOT (fav OR bookmark OR pin OR reply OR boost OR dm)) AS untouched,
              count(*) FILTER (WHERE fav) AS fav, count(*) FILTER (WHERE bookmark) AS bookmark,
              count(*) FILTER (WHERE pin) AS pin, count(*) FILTER (WHERE reply) AS reply,
              count(*) FILTER (WHERE boost) AS boost, count(*) FILTER (WHERE dm) AS dm,
              (SELECT count(*) FROM statuses x ${LOCAL} WHERE x.reblog_of_id IN (SELECT id FROM doomed)) AS cascaded
         FROM flags`,
    )
  ).rows[0];
  const archives = await one(`SELECT count(*) AS n FROM backups WHERE created_at < ${cutoff}`);
  const orphans = await one(
    `SELECT count(*) AS n FROM media_attachments WHERE status_id IS NULL AND scheduled_status_id IS NULL
       AND created_at < ${nowSql} - interval '1 day'`,
  );
  return {
    mediaFiles: Number(media.n),
    mediaBytes: Number(media.b),
    mediaInteracted,
    cards,
    statuses: {
      total: Number(s.total),
      untouched: Number(s.untouched),
      favourited: Number(s.fav),
      bookmarked: Number(s.bookmark),
      pinned: Number(s.pin),
      repliedTo: Number(s.reply),
      boosted: Number(s.boost),
      directToLocals: Number(s.dm),
      localBoostsCascaded: Number(s.cascaded),
    },
    archives,
    orphans,
  };
}
