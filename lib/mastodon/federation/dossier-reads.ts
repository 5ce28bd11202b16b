import "server-only";
import type pg from "pg";

/**
 * What the dossier of one remote server adds to the impact figures
 * (domain-figures.ts): the statuses of its accounts stored here, the reports
 * involving its accounts (all of them, not only the open ones), whether it
 * has a domain allow, and what Mastodon's admin_action_logs say was done to
 * its blocks and allows (DomainBlock / DomainAllow rows carry the domain as
 * human_identifier in both versions, facts 0.1). The domain and its
 * sub-domains count, as for blocks; $1 is the normalised domain.
 */
export interface DomainDossierFacts {
  statuses: number;
  reports: {
    total: number;
    open: number;
    recent: { id: string; createdAt: Date; open: boolean; against: string; by: string }[];
  };
  allowed: boolean;
  actionLog: {
    id: string;
    action: string;
    targetType: "DomainBlock" | "DomainAllow";
    targetId: string | null;
    actor: string | null;
    at: Date;
  }[];
}

type Queryable = Pick<pg.ClientBase, "query">;

const SCOPE = (a: string) => `(${a}.domain = $1 OR ${a}.domain LIKE '%.' || $1)`;

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

const ALLOW_SQL = `SELECT EXISTS (SELECT 1 FROM domain_allows WHERE domain = $1) AS allowed`;

// Exact domain: a block or allow is logged under its own domain, and sub-domains have their own dossier.
const ACTION_LOG_SQL = `SELECT l.id::text AS id, l.action, l.target_type, l.target_id::text AS target_id,
    l.created_at,
    CASE WHEN a.id IS NULL THEN NULL WHEN a.domain IS NULL THEN a.username
         ELSE a.username || '@' || a.domain END AS actor
  FROM admin_action_logs l LEFT JOIN accounts a ON a.id = l.account_id
  WHERE l.target_type IN ('DomainBlock', 'DomainAllow') AND l.human_identifier = $1
  ORDER BY l.id DESC LIMIT 50`;

const n = (v: unknown) => Number(v ?? 0);

export async function readDossierFacts(db: Queryable, domain: string): Promise<DomainDossierFacts> {
  const [statuses, reports, allow, log] = await Promise.all([
    db.query(STATUSES_SQL, [domain]),
    db.query(REPORTS_SQL, [domain]),
    db.query(ALLOW_SQL, [domain]),
    db.query(ACTION_LOG_SQL, [domain]),
  ]);
  const r = reports.rows[0];
  return {
    statuses: n(statuses.rows[0].n),
    reports: {
      total: n(r.total),
      open: n(r.open),
      recent: (r.recent as { id: string; createdAt: string; open: boolean; against: string; by: string }[]).map(
        (x) => ({ ...x, createdAt: new Date(`${x.createdAt}Z`) }),
      ),
    },
    allowed: Boolean(allow.rows[0].allowed),
    actionLog: log.rows.map((row) => ({
      id: row.id as string,
      action: row.action as string,
      targetType: row.target_type as "DomainBlock" | "DomainAllow",
      targetId: row.target_id as string | null,
      actor: row.actor as string | null,
      at: row.created_at as Date,
    })),
  };
}
