import "server-only";
import type pg from "pg";

/**
 * What the dossier of one remote server reads live beside its counts
 * (dossier-counts.ts): whether it has a domain allow, and what Mastodon's
 * admin_action_logs say was done to its blocks and allows (DomainBlock /
 * DomainAllow rows carry the domain as human_identifier in both versions,
 * facts 0.1). Both are index lookups, whatever the server's size.
 */
export interface DomainDossierFacts {
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

const ALLOW_SQL = `SELECT EXISTS (SELECT 1 FROM domain_allows WHERE domain = $1) AS allowed`;

// Exact domain: a block or allow is logged under its own domain, and sub-domains have their own dossier.
const ACTION_LOG_SQL = `SELECT l.id::text AS id, l.action, l.target_type, l.target_id::text AS target_id,
    l.created_at,
    CASE WHEN a.id IS NULL THEN NULL WHEN a.domain IS NULL THEN a.username
         ELSE a.username || '@' || a.domain END AS actor
  FROM admin_action_logs l LEFT JOIN accounts a ON a.id = l.account_id
  WHERE l.target_type IN ('DomainBlock', 'DomainAllow') AND l.human_identifier = $1
  ORDER BY l.id DESC LIMIT 50`;

export async function readDossierFacts(db: Queryable, domain: string): Promise<DomainDossierFacts> {
  const [allow, log] = await Promise.all([db.query(ALLOW_SQL, [domain]), db.query(ACTION_LOG_SQL, [domain])]);
  return {
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
