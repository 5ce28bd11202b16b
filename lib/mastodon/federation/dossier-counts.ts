import "server-only";
import type pg from "pg";

/**
 * The dossier's counts of one remote server and its sub-domains ($1 is the
 * normalised domain): its accounts, the follows between them and local
 * accounts, the statuses of its accounts stored here and the reports by or
 * against them. Each is an aggregate over rows that grow with the server
 * (half a second and more for a server with 25,000 accounts), so the worker
 * keeps them for the largest servers (lib/federation/domain-counts.ts) and
 * the page counts only the smaller ones live. The follows are those of its
 * accounts not yet suspended, as the impact figures count them
 * (domain-figures.ts with no block): what a suspension would sever.
 */
export interface DossierCounts {
  accounts: { total: number; onSubdomains: number; suspended: number };
  follows: { localFollowing: number; localFollowers: number };
  statuses: number;
  reports: {
    total: number;
    open: number;
    recent: { id: string; createdAt: Date; open: boolean; against: string; by: string }[];
  };
}

type Queryable = Pick<pg.ClientBase, "query">;

const SCOPE = (a: string) => `(${a}.domain = $1 OR ${a}.domain LIKE '%.' || $1)`;

const ACCOUNTS_SQL = `SELECT count(*) AS total, count(*) FILTER (WHERE a.domain <> $1) AS on_subdomains,
    count(*) FILTER (WHERE a.suspended_at IS NOT NULL) AS suspended
  FROM accounts a WHERE ${SCOPE("a")}`;

const FOLLOWS_SQL = `WITH remote AS (SELECT a.id FROM accounts a WHERE ${SCOPE("a")} AND a.suspended_at IS NULL)
  SELECT (SELECT count(*) FROM follows f JOIN remote r ON r.id = f.target_account_id
            JOIN accounts l ON l.id = f.account_id WHERE l.domain IS NULL) AS following,
         (SELECT count(*) FROM follows f JOIN remote r ON r.id = f.account_id
            JOIN accounts l ON l.id = f.target_account_id WHERE l.domain IS NULL) AS followers`;

// Statuses are counted through the accounts (statuses has an index on account_id), without the deleted ones.
const STATUSES_SQL = `SELECT count(*) AS n FROM accounts a JOIN statuses s ON s.account_id = a.id
  WHERE ${SCOPE("a")} AND s.deleted_at IS NULL`;

const REPORTS_SQL = `WITH remote AS (SELECT a.id FROM accounts a WHERE ${SCOPE("a")}),
  involved AS (
    SELECT p.id, p.created_at, p.action_taken_at, p.account_id, p.target_account_id FROM reports p
     WHERE p.target_account_id IN (SELECT id FROM remote) OR p.account_id IN (SELECT id FROM remote))
  SELECT (SELECT count(*) FROM involved) AS total,
         (SELECT count(*) FROM involved WHERE action_taken_at IS NULL) AS open,
         (SELECT coalesce(json_agg(t), '[]') FROM (
            SELECT i.id::text AS id, i.created_at AS "createdAt", i.action_taken_at IS NULL AS open,
                   CASE WHEN t.domain IS NULL THEN t.username ELSE t.username || '@' || t.domain END AS against,
                   CASE WHEN b.domain IS NULL THEN b.username ELSE b.username || '@' || b.domain END AS by
              FROM involved i JOIN accounts t ON t.id = i.target_account_id JOIN accounts b ON b.id = i.account_id
             ORDER BY i.id DESC LIMIT 10) t) AS recent`;

// The instances view (refreshed hourly by Mastodon) is only a guide to which servers are large, never a figure.
const LARGE_SQL = `SELECT domain FROM instances WHERE accounts_count >= $1
  ORDER BY accounts_count DESC, domain LIMIT $2`;

const n = (v: unknown) => Number(v ?? 0);

export async function readDossierCounts(db: Queryable, domain: string): Promise<DossierCounts> {
  const [accounts, follows, statuses, reports] = await Promise.all([
    db.query(ACCOUNTS_SQL, [domain]),
    db.query(FOLLOWS_SQL, [domain]),
    db.query(STATUSES_SQL, [domain]),
    db.query(REPORTS_SQL, [domain]),
  ]);
  const a = accounts.rows[0];
  const r = reports.rows[0];
  return {
    accounts: { total: n(a.total), onSubdomains: n(a.on_subdomains), suspended: n(a.suspended) },
    follows: { localFollowing: n(follows.rows[0].following), localFollowers: n(follows.rows[0].followers) },
    statuses: n(statuses.rows[0].n),
    reports: {
      total: n(r.total),
      open: n(r.open),
      recent: (r.recent as { id: string; createdAt: string; open: boolean; against: string; by: string }[]).map(
        (x) => ({ ...x, createdAt: new Date(`${x.createdAt}Z`) }),
      ),
    },
  };
}

/** The servers with at least `minAccounts` accounts by the instances view, largest first. */
export async function listLargeDomains(db: Queryable, minAccounts: number, limit: number): Promise<string[]> {
  const { rows } = await db.query(LARGE_SQL, [minAccounts, limit]);
  return rows.map((row) => row.domain as string);
}
