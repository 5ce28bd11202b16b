import "server-only";
import type pg from "pg";
import { displayDomain, domainVariants } from "./domain-name";
import { severityOf, SEVERITIES, SEVERITY_VALUE, type Severity } from "./severity";

/**
 * Reading `domain_blocks`. Timestamps travel as text with their microseconds
 * ("2026-05-20T13:00:00.123456Z", UTC wall time as Mastodon stores it): a JS
 * Date would drop the microseconds, and `created_at` is the marker Mastodon
 * matches accounts' suspended_at / silenced_at against, so every comparison
 * with it is made in SQL, never through a Date.
 */
export interface DomainBlockRow {
  id: string;
  domain: string;
  /** The Unicode form for display (same as domain unless it is punycode). */
  display: string;
  severity: Severity | null;
  rejectMedia: boolean;
  rejectReports: boolean;
  obfuscate: boolean;
  privateComment: string | null;
  publicComment: string | null;
  createdAt: string;
  updatedAt: string;
}

const ts = (column: string) => `to_char(${column}, 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

export const BLOCK_COLUMNS = `b.id::text AS id, b.domain, b.severity, b.reject_media, b.reject_reports, b.obfuscate,
  b.private_comment, b.public_comment, ${ts("b.created_at")} AS created_at, ${ts("b.updated_at")} AS updated_at`;

interface RawBlock {
  id: string;
  domain: string;
  severity: number | null;
  reject_media: boolean;
  reject_reports: boolean;
  obfuscate: boolean;
  private_comment: string | null;
  public_comment: string | null;
  created_at: string;
  updated_at: string;
}

export function toBlockRow(raw: RawBlock): DomainBlockRow {
  return {
    id: raw.id,
    domain: raw.domain,
    display: displayDomain(raw.domain),
    severity: severityOf(raw.severity),
    rejectMedia: raw.reject_media,
    rejectReports: raw.reject_reports,
    obfuscate: raw.obfuscate,
    privateComment: raw.private_comment,
    publicComment: raw.public_comment,
    createdAt: raw.created_at,
    updatedAt: raw.updated_at,
  };
}

type Queryable = Pick<pg.ClientBase, "query">;

export async function readBlock(db: Queryable, id: string, lock = false): Promise<DomainBlockRow | null> {
  const { rows } = await db.query<RawBlock>(
    `SELECT ${BLOCK_COLUMNS} FROM domain_blocks b WHERE b.id = $1${lock ? " FOR UPDATE" : ""}`,
    [id],
  );
  return rows[0] ? toBlockRow(rows[0]) : null;
}

/**
 * Every block on the domain or one of its parents, most specific first:
 * DomainBlock.rule_for is the first of these (`domain IN (variants) ORDER BY
 * char_length(domain) DESC`), and Mastodon reads only that one.
 */
export async function coveringBlocks(db: Queryable, domain: string, lock = false): Promise<DomainBlockRow[]> {
  const { rows } = await db.query<RawBlock>(
    `SELECT ${BLOCK_COLUMNS} FROM domain_blocks b WHERE b.domain = ANY($1::text[])
      ORDER BY char_length(b.domain) DESC${lock ? " FOR UPDATE" : ""}`,
    [domainVariants(domain)],
  );
  return rows.map(toBlockRow);
}

/** Blocks on sub-domains of `domain` (not the domain itself): each overrides a block on the domain for its hosts. */
export async function subdomainBlocks(db: Queryable, domain: string): Promise<DomainBlockRow[]> {
  const { rows } = await db.query<RawBlock>(
    `SELECT ${BLOCK_COLUMNS} FROM domain_blocks b WHERE b.domain LIKE '%.' || $1 ORDER BY b.domain LIMIT 500`,
    [domain],
  );
  return rows.map(toBlockRow);
}

export const BLOCK_SORTS = ["domain", "created", "updated", "severity"] as const;
export type BlockSort = (typeof BLOCK_SORTS)[number];

export interface BlockListQuery {
  /** Parts of the domain to look for, any of them (the typed text and its punycode form). */
  search?: string[];
  severities?: Severity[];
  rejectMedia?: boolean;
  rejectReports?: boolean;
  obfuscate?: boolean;
  hasPrivateComment?: boolean;
  sort: BlockSort;
  descending: boolean;
  offset: number;
  limit: number;
}

export interface ListedBlock extends DomainBlockRow {
  /** accounts_count of the instances view (as of its last refresh). */
  accounts: number | null;
  /** The most specific block on a parent domain, which this one overrides for its hosts. */
  parent: { id: string; domain: string; severity: Severity | null } | null;
}

const ORDER: Record<BlockSort, string> = {
  domain: "b.domain",
  created: "b.created_at",
  updated: "b.updated_at",
  // Mastodon's by_severity: noop, silence, suspend (least to most severe).
  severity: "(CASE b.severity WHEN 2 THEN 0 WHEN 0 THEN 1 WHEN 1 THEN 2 ELSE 3 END)",
};

export async function listBlocks(
  db: Queryable,
  query: BlockListQuery,
): Promise<{ total: number; rows: ListedBlock[] }> {
  const where: string[] = [];
  const params: unknown[] = [];
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  if (query.search?.length) {
    const needles = [...new Set(query.search.map((s) => s.toLowerCase()))];
    where.push(`(${needles.map((n) => `strpos(b.domain, ${param(n)}) > 0`).join(" OR ")})`);
  }
  if (query.severities?.length) {
    where.push(`b.severity = ANY(${param(query.severities.map((s) => SEVERITY_VALUE[s]))}::int[])`);
  }
  if (query.rejectMedia !== undefined) where.push(`b.reject_media = ${param(query.rejectMedia)}`);
  if (query.rejectReports !== undefined) where.push(`b.reject_reports = ${param(query.rejectReports)}`);
  if (query.obfuscate !== undefined) where.push(`b.obfuscate = ${param(query.obfuscate)}`);
  if (query.hasPrivateComment !== undefined) {
    where.push(`${query.hasPrivateComment ? "" : "NOT "}coalesce(btrim(b.private_comment) <> '', false)`);
  }
  const filter = where.length ? `WHERE ${where.join(" AND ")}` : "";
  const direction = query.descending ? "DESC" : "ASC";
  const { rows } = await db.query<RawBlock & { total: string; accounts: string | null; parent: string | null }>(
    `SELECT ${BLOCK_COLUMNS}, count(*) OVER () AS total, i.accounts_count::text AS accounts,
        (SELECT json_build_object('id', p.id::text, 'domain', p.domain, 'severity', p.severity)::text
           FROM domain_blocks p WHERE b.domain LIKE '%.' || p.domain
           ORDER BY char_length(p.domain) DESC LIMIT 1) AS parent
       FROM domain_blocks b LEFT JOIN instances i ON i.domain = b.domain
       ${filter}
      ORDER BY ${ORDER[query.sort]} ${direction}, b.domain ${direction}, b.id
      LIMIT ${param(query.limit)} OFFSET ${param(query.offset)}`,
    params,
  );
  return {
    total: rows[0] ? Number(rows[0].total) : await countFiltered(db, filter, params.slice(0, -2)),
    rows: rows.map((r) => {
      const parent = r.parent
        ? (JSON.parse(r.parent) as { id: string; domain: string; severity: number | null })
        : null;
      return {
        ...toBlockRow(r),
        accounts: r.accounts === null ? null : Number(r.accounts),
        parent: parent ? { ...parent, severity: severityOf(parent.severity) } : null,
      };
    }),
  };
}

/** The total when the page asked for is past the end (no row carries the window count). */
async function countFiltered(db: Queryable, filter: string, params: unknown[]): Promise<number> {
  const { rows } = await db.query<{ n: string }>(`SELECT count(*) AS n FROM domain_blocks b ${filter}`, params);
  return Number(rows[0]?.n ?? 0);
}

/** Blocks by severity; `unset` counts rows with a NULL (or unknown) severity. */
export async function countBySeverity(db: Queryable): Promise<Record<Severity | "unset", number>> {
  const { rows } = await db.query<{ severity: number | null; n: string }>(
    "SELECT severity, count(*) AS n FROM domain_blocks GROUP BY severity",
  );
  const counts: Record<Severity | "unset", number> = { silence: 0, suspend: 0, noop: 0, unset: 0 };
  for (const r of rows) counts[severityOf(r.severity) ?? "unset"] += Number(r.n);
  return counts;
}

export { SEVERITIES };

export interface ExportRow {
  domain: string;
  severity: Severity | null;
  rejectMedia: boolean;
  rejectReports: boolean;
  publicComment: string | null;
  obfuscate: boolean;
  privateComment: string | null;
}

/**
 * Admin::ExportDomainBlocksController#export's rows: DomainBlock.with_limitations
 * (severity silence or suspend, or reject_media), by id.
 */
export async function readExportRows(db: Queryable): Promise<ExportRow[]> {
  const { rows } = await db.query<{
    domain: string;
    severity: number | null;
    reject_media: boolean;
    reject_reports: boolean;
    public_comment: string | null;
    obfuscate: boolean;
    private_comment: string | null;
  }>(
    `SELECT domain, severity, reject_media, reject_reports, public_comment, obfuscate, private_comment
       FROM domain_blocks WHERE severity IN (0, 1) OR reject_media ORDER BY id`,
  );
  return rows.map((r) => ({
    domain: r.domain,
    severity: severityOf(r.severity),
    rejectMedia: r.reject_media,
    rejectReports: r.reject_reports,
    publicComment: r.public_comment,
    obfuscate: r.obfuscate,
    privateComment: r.private_comment,
  }));
}
