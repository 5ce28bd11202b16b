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
 * - per domain of the file, the follows with local accounts a suspension of
 *   it would sever (severedFollowsByDomain, set-based over all of them).
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

/** What a suspension of one domain severs: follows between its accounts (and its sub-domains') and local ones. */
export interface SeveredFollows {
  /** Local accounts following them (Undo{Follow}). */
  localFollowing: number;
  /** Their follows of local accounts (Reject{Follow}). */
  localFollowers: number;
}

/**
 * The follows a suspension of each given domain would sever, for all of them
 * at once, with exactly the scope of the form's impact (domain-figures.ts
 * FOLLOWS_SQL): the accounts on the domain or any of its sub-domains that are
 * not suspended yet, or suspended by the domain's own block (its created_at
 * is the marker), and their follows with local accounts, both ways. A domain
 * and one of its sub-domains both in the list each count the sub-domain's
 * accounts, as their impact previews would.
 *
 * Set-based, with only Mastodon's own indexes:
 * 1. the remote domains that exist (a skip scan of index_accounts_on_domain_and_id,
 *    one probe per domain), each paired with the listed domains that are one of
 *    its suffixes (so "a.b.example" pairs with "b.example" and "example"; a suffix
 *    match is what `domain = d OR domain LIKE '%.' || d` means for a host);
 * 2. the follows of the accounts on those domains with local accounts, one pass
 *    per direction from the local accounts' side (the follows indexes), counted
 *    per remote domain and suspended_at; the two directions run side by side;
 * 3. the sums per listed domain, here.
 */
const PAIRS_SQL = `WITH RECURSIVE seen AS (
    SELECT min(domain)::text AS domain FROM accounts WHERE domain IS NOT NULL
    UNION ALL
    SELECT (SELECT min(a.domain)::text FROM accounts a WHERE a.domain > s.domain) FROM seen s WHERE s.domain IS NOT NULL
  ), wanted AS (
    SELECT w.domain, b.created_at::text AS marker
      FROM unnest($1::text[]) AS w(domain) LEFT JOIN domain_blocks b ON b.domain = w.domain
  )
  SELECT w.domain AS owner, w.marker, s.domain
    FROM seen s CROSS JOIN LATERAL string_to_array(s.domain, '.') AS parts
    CROSS JOIN LATERAL generate_subscripts(parts, 1) AS i
    JOIN wanted w ON w.domain = array_to_string(parts[i:], '.')
   WHERE s.domain IS NOT NULL`;

// $1: the remote domains; the local side first, through the follows index on that side.
const directionSql = (remoteSide: "account_id" | "target_account_id") => {
  const localSide = remoteSide === "account_id" ? "target_account_id" : "account_id";
  return `SELECT r.domain, r.suspended_at::text AS suspended_at, count(*) AS n
    FROM accounts l JOIN follows f ON f.${localSide} = l.id JOIN accounts r ON r.id = f.${remoteSide}
   WHERE l.domain IS NULL AND r.domain = ANY($1::text[])
   GROUP BY r.domain, r.suspended_at`;
};

export async function severedFollowsByDomain(db: Queryable, domains: string[]): Promise<Map<string, SeveredFollows>> {
  const out = new Map<string, SeveredFollows>();
  if (domains.length === 0) return out;
  const { rows: pairs } = await db.query<{ owner: string; marker: string | null; domain: string }>(PAIRS_SQL, [
    [...new Set(domains)],
  ]);
  if (pairs.length === 0) return out;
  const remote = [...new Set(pairs.map((p) => p.domain))];
  type Count = { domain: string; suspended_at: string | null; n: string };
  const [following, followers] = await Promise.all([
    db.query<Count>(directionSql("target_account_id"), [remote]),
    db.query<Count>(directionSql("account_id"), [remote]),
  ]);
  const byDomain = (rows: Count[]) => {
    const m = new Map<string, Count[]>();
    for (const r of rows) m.set(r.domain, [...(m.get(r.domain) ?? []), r]);
    return m;
  };
  const sides = { localFollowing: byDomain(following.rows), localFollowers: byDomain(followers.rows) };
  for (const pair of pairs) {
    const total = out.get(pair.owner) ?? { localFollowing: 0, localFollowers: 0 };
    for (const side of ["localFollowing", "localFollowers"] as const) {
      for (const c of sides[side].get(pair.domain) ?? []) {
        // Purged by DeleteAccountService already, unless this domain's own block did it (it runs again).
        if (c.suspended_at === null || c.suspended_at === pair.marker) total[side] += Number(c.n);
      }
    }
    out.set(pair.owner, total);
  }
  return out;
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
