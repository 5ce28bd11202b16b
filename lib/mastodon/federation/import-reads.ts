import "server-only";
import type pg from "pg";
import { BLOCK_COLUMNS, toBlockRow, type DomainBlockRow } from "./block-rows";

/**
 * The reads behind an import preview, each one query for the whole file
 * however many rows it has (a round trip per row would take minutes for
 * 100,000 rows):
 * - the blocks stored under any domain of the file or any of its parents
 *   (`variants`, every suffix of every domain: what rule_for would look at);
 * - the domain allows stored under any of them;
 * - per remote domain, the follows between its accounts and local accounts
 *   that a suspension would sever (accounts not yet suspended), which the
 *   caller sums up each file domain's sub-domains.
 */
type Queryable = Pick<pg.ClientBase, "query">;

export async function blocksUnder(db: Queryable, variants: string[]): Promise<DomainBlockRow[]> {
  const { rows } = await db.query(`SELECT ${BLOCK_COLUMNS} FROM domain_blocks b WHERE b.domain = ANY($1::text[])`, [
    variants,
  ]);
  return rows.map(toBlockRow);
}

export async function allowsUnder(db: Queryable, variants: string[]): Promise<string[]> {
  const { rows } = await db.query<{ domain: string }>(
    "SELECT domain FROM domain_allows WHERE domain = ANY($1::text[])",
    [variants],
  );
  return rows.map((r) => r.domain);
}

export async function localFollowsByRemoteDomain(db: Queryable): Promise<Map<string, number>> {
  const { rows } = await db.query<{ domain: string; n: string }>(
    `SELECT domain, sum(n)::bigint AS n FROM (
       SELECT r.domain, count(*) AS n FROM follows f
         JOIN accounts r ON r.id = f.account_id JOIN accounts l ON l.id = f.target_account_id
        WHERE r.domain IS NOT NULL AND r.suspended_at IS NULL AND l.domain IS NULL GROUP BY r.domain
       UNION ALL
       SELECT r.domain, count(*) AS n FROM follows f
         JOIN accounts r ON r.id = f.target_account_id JOIN accounts l ON l.id = f.account_id
        WHERE r.domain IS NOT NULL AND r.suspended_at IS NULL AND l.domain IS NULL GROUP BY r.domain
     ) x GROUP BY domain`,
  );
  return new Map(rows.map((r) => [r.domain, Number(r.n)]));
}

/**
 * For a rollback's plan: per block, the accounts carrying its created_at in
 * suspended_at / silenced_at (the domain and its sub-domains), which removing
 * it (UnblockDomainService) or loosening it (the retroactive update) releases.
 */
export async function markedAccountsByBlock(
  db: Queryable,
  ids: string[],
): Promise<Map<string, { silenced: number; suspended: number }>> {
  const { rows } = await db.query<{ id: string; silenced: string; suspended: string }>(
    `SELECT b.id::text AS id, count(*) FILTER (WHERE a.silenced_at = b.created_at) AS silenced,
            count(*) FILTER (WHERE a.suspended_at = b.created_at) AS suspended
       FROM domain_blocks b JOIN accounts a ON (a.domain = b.domain OR a.domain LIKE '%.' || b.domain)
      WHERE b.id = ANY($1::bigint[]) AND (a.silenced_at = b.created_at OR a.suspended_at = b.created_at)
      GROUP BY b.id`,
    [ids],
  );
  return new Map(rows.map((r) => [r.id, { silenced: Number(r.silenced), suspended: Number(r.suspended) }]));
}
