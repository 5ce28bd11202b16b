import "server-only";
import type pg from "pg";

/**
 * What Mastodon holds about a domain and its sub-domains, for the impact
 * shown before a block is created, changed or removed. "Accounts of the
 * domain" are counted directly (accounts.domain = d OR LIKE '%.d'), which is
 * what the worker reaches once the instances view knows every sub-domain
 * (the writes refresh it when it does not; `staleInView` says how many it
 * lacks). `marker` is an existing block's created_at, which Mastodon stamps
 * into the suspended_at / silenced_at of every account the block touched.
 *
 * Each figure is one aggregate query on the replica (when there is one);
 * $1 is the domain, $2 the existing block's id or NULL.
 */
export interface DomainFigures {
  accounts: {
    total: number;
    onSubdomains: number;
    suspended: number;
    silenced: number;
    /** suspended_at / silenced_at equal to the existing block's created_at: what this block did. */
    markedSuspended: number;
    markedSilenced: number;
    staleInView: number;
    byDomain: { domain: string; accounts: number }[];
  };
  /** Follows between local accounts and the domain's accounts a suspension would purge. */
  follows: {
    /** Local accounts following them (Mastodon sends Undo{Follow}). */
    localFollowing: number;
    /** Their follows of local accounts (Mastodon sends Reject{Follow}). */
    localFollowers: number;
    localAccounts: number;
    top: { accountId: string; username: string; following: number; followers: number }[];
  };
  media: {
    attachments: number;
    attachmentBytes: number;
    profileImages: number;
    profileBytes: number;
    emoji: number;
    emojiBytes: number;
  };
  reports: { openAgainst: number; openBy: number };
  /** Severances Mastodon recorded for blocks of exactly this domain (type domain_block). */
  severed: { events: number; relationships: number; localAccounts: number };
}

type Queryable = Pick<pg.ClientBase, "query">;

const SCOPE = (a: string) => `(${a}.domain = $1 OR ${a}.domain LIKE '%.' || $1)`;
const MARKER = "(SELECT created_at FROM domain_blocks WHERE id = $2::bigint)";

const ACCOUNTS_SQL = `SELECT count(*) AS total,
    count(*) FILTER (WHERE a.domain <> $1) AS on_subdomains,
    count(*) FILTER (WHERE a.suspended_at IS NOT NULL) AS suspended,
    count(*) FILTER (WHERE a.silenced_at IS NOT NULL) AS silenced,
    count(*) FILTER (WHERE a.suspended_at = m.at) AS marked_suspended,
    count(*) FILTER (WHERE a.silenced_at = m.at) AS marked_silenced,
    count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM instances i WHERE i.domain = a.domain)) AS stale
  FROM accounts a CROSS JOIN (SELECT ${MARKER} AS at) m WHERE ${SCOPE("a")}`;

const BY_DOMAIN_SQL = `SELECT a.domain, count(*) AS n FROM accounts a WHERE ${SCOPE("a")}
  GROUP BY a.domain ORDER BY count(*) DESC, a.domain LIMIT 10`;

// The accounts a suspension runs DeleteAccountService on: not yet suspended, or suspended by this very block.
const FOLLOWS_SQL = `WITH remote AS (
    SELECT a.id FROM accounts a CROSS JOIN (SELECT ${MARKER} AS at) m
     WHERE ${SCOPE("a")} AND (a.suspended_at IS NULL OR a.suspended_at = m.at)
  ), lost AS (
    SELECT f.account_id AS local_id, 1 AS following, 0 AS followers
      FROM follows f JOIN remote r ON r.id = f.target_account_id JOIN accounts l ON l.id = f.account_id
     WHERE l.domain IS NULL
    UNION ALL
    SELECT f.target_account_id, 0, 1
      FROM follows f JOIN remote r ON r.id = f.account_id JOIN accounts l ON l.id = f.target_account_id
     WHERE l.domain IS NULL
  ), per_local AS (
    SELECT local_id, sum(following) AS following, sum(followers) AS followers FROM lost GROUP BY local_id
  )
  SELECT (SELECT coalesce(sum(following), 0) FROM per_local) AS following,
         (SELECT coalesce(sum(followers), 0) FROM per_local) AS followers,
         (SELECT count(*) FROM per_local) AS locals,
         (SELECT coalesce(json_agg(t), '[]') FROM (
            SELECT p.local_id::text AS "accountId", a.username, p.following::int AS following,
                   p.followers::int AS followers
              FROM per_local p JOIN accounts a ON a.id = p.local_id
             ORDER BY p.following + p.followers DESC, a.username LIMIT 10) t) AS top`;

const MEDIA_SQL = `SELECT
    (SELECT count(*) FROM media_attachments m JOIN accounts a ON a.id = m.account_id
      WHERE ${SCOPE("a")} AND (m.file_file_name IS NOT NULL OR m.thumbnail_file_name IS NOT NULL)) AS attachments,
    (SELECT coalesce(sum(
         CASE WHEN m.file_file_name IS NOT NULL THEN coalesce(m.file_file_size, 0) ELSE 0 END
       + CASE WHEN m.thumbnail_file_name IS NOT NULL THEN coalesce(m.thumbnail_file_size, 0) ELSE 0 END), 0)
       FROM media_attachments m JOIN accounts a ON a.id = m.account_id WHERE ${SCOPE("a")}) AS attachment_bytes,
    (SELECT count(*) FROM accounts a WHERE ${SCOPE("a")}
        AND (a.avatar_file_name IS NOT NULL OR a.header_file_name IS NOT NULL)) AS profile_images,
    (SELECT coalesce(sum(CASE WHEN a.avatar_file_name IS NOT NULL THEN coalesce(a.avatar_file_size, 0) ELSE 0 END
                       + CASE WHEN a.header_file_name IS NOT NULL THEN coalesce(a.header_file_size, 0) ELSE 0 END), 0)
       FROM accounts a WHERE ${SCOPE("a")}) AS profile_bytes,
    (SELECT count(*) FROM custom_emojis e WHERE ${SCOPE("e")}) AS emoji,
    (SELECT coalesce(sum(coalesce(e.image_file_size, 0)) FILTER (WHERE e.image_file_name IS NOT NULL), 0)
       FROM custom_emojis e WHERE ${SCOPE("e")}) AS emoji_bytes`;

const REPORTS_SQL = `SELECT count(*) FILTER (WHERE ${SCOPE("t")}) AS against,
    count(*) FILTER (WHERE ${SCOPE("r")}) AS by
  FROM reports p JOIN accounts t ON t.id = p.target_account_id JOIN accounts r ON r.id = p.account_id
  WHERE p.action_taken_at IS NULL AND (${SCOPE("t")} OR ${SCOPE("r")})`;

// type 0 = domain_block (RelationshipSeveranceEvent, same in 4.3 and 4.6).
const SEVERED_SQL = `SELECT count(DISTINCT e.id) AS events, count(s.id) AS relationships,
    count(DISTINCT s.local_account_id) AS locals
  FROM relationship_severance_events e LEFT JOIN severed_relationships s ON s.relationship_severance_event_id = e.id
  WHERE e.type = 0 AND e.target_name = $1`;

const n = (v: unknown) => Number(v ?? 0);

export async function readDomainFigures(db: Queryable, domain: string, blockId: string | null): Promise<DomainFigures> {
  const both = [domain, blockId];
  const [accounts, byDomain, follows, media, reports, severed] = await Promise.all([
    db.query(ACCOUNTS_SQL, both),
    db.query(BY_DOMAIN_SQL, [domain]),
    db.query(FOLLOWS_SQL, both),
    db.query(MEDIA_SQL, [domain]),
    db.query(REPORTS_SQL, [domain]),
    db.query(SEVERED_SQL, [domain]),
  ]);
  const a = accounts.rows[0];
  const f = follows.rows[0];
  const m = media.rows[0];
  return {
    accounts: {
      total: n(a.total),
      onSubdomains: n(a.on_subdomains),
      suspended: n(a.suspended),
      silenced: n(a.silenced),
      markedSuspended: n(a.marked_suspended),
      markedSilenced: n(a.marked_silenced),
      staleInView: n(a.stale),
      byDomain: byDomain.rows.map((r) => ({ domain: r.domain as string, accounts: n(r.n) })),
    },
    follows: {
      localFollowing: n(f.following),
      localFollowers: n(f.followers),
      localAccounts: n(f.locals),
      top: f.top as DomainFigures["follows"]["top"],
    },
    media: {
      attachments: n(m.attachments),
      attachmentBytes: n(m.attachment_bytes),
      profileImages: n(m.profile_images),
      profileBytes: n(m.profile_bytes),
      emoji: n(m.emoji),
      emojiBytes: n(m.emoji_bytes),
    },
    reports: { openAgainst: n(reports.rows[0].against), openBy: n(reports.rows[0].by) },
    severed: {
      events: n(severed.rows[0].events),
      relationships: n(severed.rows[0].relationships),
      localAccounts: n(severed.rows[0].locals),
    },
  };
}
