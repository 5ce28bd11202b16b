import "server-only";
import { facetConditions, facetOptions, Params, whereOf, type QueueFilters } from "./queue-filters";
import { NOW_UTC, ts, type Queryable } from "./report-columns";

/**
 * The triage queue, grouped and ordered in SQL so a page of it costs the same
 * with 50 or 10,000 open reports (reports has no index on action_taken_at:
 * the unresolved set is a scan of reports, then only the page's groups are
 * looked at closely, in queue-cards.ts).
 *
 * Grouping (open reports only): the reports against one account are one item;
 * when the filtered set holds reports against three or more accounts of one
 * remote domain, those are one item for the domain (a wave from one server).
 * Order, most urgent first: legal and violation before other, other before
 * spam; then age in whole days (oldest first); then local targets (Howdah's
 * own members) first; then more reports first; then the exact age.
 * Resolved reports (on demand) are listed one by one, latest resolution first.
 */
export const DOMAIN_GROUP_MIN_ACCOUNTS = 3;
/** A group carries at most this many report ids (what bulk select acts on). */
export const GROUP_ID_LIMIT = 500;

export interface QueueGroupRow {
  key: string;
  kind: "account" | "domain" | "report";
  /** The target account (account and report items) or the domain (domain items). */
  targetAccountId: string | null;
  domain: string | null;
  reportIds: string[];
  reports: number;
  accounts: number;
  /** The most urgent report of the group, the one its card shows. */
  leadId: string;
  oldestAt: string;
  newestAt: string;
}

const TIER = "CASE r.category WHEN 1500 THEN 2 WHEN 2000 THEN 2 WHEN 0 THEN 1 ELSE 0 END";

export async function listQueueGroups(
  db: Queryable,
  filters: QueueFilters,
  page: { offset: number; limit: number },
): Promise<{ total: number; totalReports: number; groups: QueueGroupRow[] }> {
  const { rows } = await db.query(
    ...(filters.state === "resolved" ? resolvedSql(filters, page) : groupedSql(filters, page)),
  );
  const first = rows[0] as { total?: string; total_reports?: string } | undefined;
  return {
    total: Number(first?.total ?? 0),
    totalReports: Number(first?.total_reports ?? 0),
    groups: rows.map((r) => ({
      key: r.key,
      kind: r.kind,
      targetAccountId: r.target_account_id,
      domain: r.domain,
      reportIds: r.report_ids,
      reports: Number(r.reports),
      accounts: Number(r.accounts),
      leadId: r.report_ids[0],
      oldestAt: r.oldest_at,
      newestAt: r.newest_at,
    })),
  };
}

type Statement = [string, unknown[]];

function resolvedSql(filters: QueueFilters, page: { offset: number; limit: number }): Statement {
  const params = new Params();
  const where = whereOf(facetConditions(filters, params));
  return [
    `SELECT 'report:' || r.id AS key, 'report' AS kind, r.target_account_id::text AS target_account_id,
            t.domain, ARRAY[r.id::text] AS report_ids, 1 AS reports, 1 AS accounts,
            ${ts("r.created_at")} AS oldest_at, ${ts("r.created_at")} AS newest_at,
            count(*) OVER () AS total, count(*) OVER () AS total_reports
       FROM reports r JOIN accounts t ON t.id = r.target_account_id JOIN accounts p ON p.id = r.account_id
      WHERE ${where}
      ORDER BY r.action_taken_at DESC, r.id DESC LIMIT ${params.add(page.limit)} OFFSET ${params.add(page.offset)}`,
    params.values,
  ];
}

/**
 * Joins one account, by id, as `alias` (its domain is all the filters read).
 * A lookup per distinct id through the primary key: as a plain join,
 * PostgreSQL hashed the reports and read all of accounts (220,000 rows on the
 * large instance, most of the queue's time) to find a few thousand. OFFSET 0
 * keeps the subquery from being merged back into that join. The same rows as
 * a join: both of reports' account ids are foreign keys, so the account
 * exists.
 */
function accountJoin(alias: string, id: string): string {
  return `JOIN LATERAL (SELECT a.domain FROM accounts a WHERE a.id = ${id} OFFSET 0) ${alias} ON true`;
}

/**
 * Open reports, grouped. The reports are first grouped per target from the
 * reports table alone (the reporter joined only when filtered on), then each
 * target is looked up once: joining every report to accounts made PostgreSQL
 * scan all accounts. Target filters apply per target, which is the same (all
 * reports of a target share its domain). A domain item's report ids are
 * gathered only for the page's items (from their targets' rows, picked out
 * in one pass), and an account item's are taken from
 * its target's row for the page's items only (carrying every group's ids
 * through the sorts cost more than the grouping).
 */
function groupedSql(filters: QueueFilters, page: { offset: number; limit: number }): Statement {
  const params = new Params();
  const c = facetConditions(filters, params);
  const reportWhere = whereOf({ ...c, target: null, targetDomain: null });
  const targetWhere = [c.target, c.targetDomain].filter(Boolean).join(" AND ") || "true";
  const reporterJoin = c.reporter ? accountJoin("p", "r.account_id") : "";
  const sql = `
    WITH pt AS (
      SELECT r.target_account_id AS target, max(${TIER}) AS tier, min(r.created_at) AS oldest,
             max(r.created_at) AS newest, count(*) AS n,
             (array_agg(r.id::text ORDER BY ${TIER} DESC, r.created_at, r.id))[1:${GROUP_ID_LIMIT}] AS ids
        FROM reports r ${reporterJoin} WHERE ${reportWhere} GROUP BY r.target_account_id
    ), pa AS MATERIALIZED (
      SELECT pt.*, t.domain FROM pt ${accountJoin("t", "pt.target")} WHERE ${targetWhere}
    ), d AS (
      SELECT domain FROM pa WHERE domain IS NOT NULL GROUP BY domain HAVING count(*) >= ${DOMAIN_GROUP_MIN_ACCOUNTS}
    ), g AS (
      SELECT CASE WHEN d.domain IS NOT NULL THEN 'domain:' || pa.domain ELSE 'account:' || pa.target END AS key,
             bool_or(d.domain IS NOT NULL) AS by_domain, min(pa.target) AS target, min(pa.domain) AS domain,
             max(pa.tier) AS tier, min(pa.oldest) AS oldest, max(pa.newest) AS newest,
             bool_and(pa.domain IS NULL) AS local, sum(pa.n) AS reports, count(*) AS accounts
        FROM pa LEFT JOIN d ON d.domain = pa.domain GROUP BY 1
    ), shown AS (
      SELECT g.*, count(*) OVER () AS total, sum(g.reports) OVER () AS total_reports FROM g
       ORDER BY tier DESC, floor(extract(epoch FROM ${NOW_UTC} - oldest) / 86400) DESC, local DESC,
                reports DESC, oldest, key
       LIMIT ${params.add(page.limit)} OFFSET ${params.add(page.offset)}
    ), wave AS MATERIALIZED (
      SELECT pa.* FROM pa JOIN shown s ON s.by_domain AND s.domain = pa.domain
    )
    SELECT s.key, CASE WHEN s.by_domain THEN 'domain' ELSE 'account' END AS kind,
           CASE WHEN s.by_domain THEN NULL ELSE s.target::text END AS target_account_id, s.domain, s.reports,
           s.accounts,
           CASE WHEN s.by_domain THEN ARRAY(
                  SELECT x.id FROM wave pa, unnest(pa.ids) WITH ORDINALITY AS x(id, i)
                   WHERE pa.domain = s.domain ORDER BY pa.tier DESC, pa.oldest, pa.target, x.i
                   LIMIT ${GROUP_ID_LIMIT})
                ELSE own.ids END AS report_ids,
           ${ts("s.oldest")} AS oldest_at, ${ts("s.newest")} AS newest_at, s.total, s.total_reports
      FROM shown s LEFT JOIN pa own ON NOT s.by_domain AND own.target = s.target
     ORDER BY s.tier DESC, floor(extract(epoch FROM ${NOW_UTC} - s.oldest) / 86400) DESC, s.local DESC,
              s.reports DESC, s.oldest, s.key`;
  return [sql, params.values];
}

/**
 * Reports matching each filter option, every other chosen filter applied
 * (faceted counts), plus per rule. One pass over the reports for the options,
 * one for the rules. Counts are of reports, not of grouped items.
 */
export async function countQueueFacets(
  db: Queryable,
  filters: QueueFilters,
): Promise<{ options: Record<string, number>; rules: Record<string, number> }> {
  const params = new Params();
  const conditions = facetConditions(filters, params);
  const options = facetOptions(filters.me, params);
  const selects = Object.entries(options).map(
    ([key, o]) => `count(*) FILTER (WHERE (${whereOf(conditions, o.facet)}) AND ${o.sql}) AS "${key}"`,
  );
  const from = `reports r ${accountJoin("t", "r.target_account_id")} ${accountJoin("p", "r.account_id")}`;
  // The rule counts get their own parameters: a placeholder a statement leaves unused has no type.
  const ruleParams = new Params();
  const ruleConditions = facetConditions({ ...filters, ruleId: undefined }, ruleParams);
  const ruleWhere = whereOf(ruleConditions, "rule");
  // Each account joined only when a chosen filter reads it: it exists either way (foreign keys), so the counts
  // are the same, and looking up every report's accounts was most of this statement's time.
  const ruleFrom = [
    "reports r",
    ruleConditions.target || ruleConditions.targetDomain ? accountJoin("t", "r.target_account_id") : "",
    ruleConditions.reporter ? accountJoin("p", "r.account_id") : "",
  ].join(" ");
  const rulesSql = `SELECT rid::text AS id, count(*) AS n FROM ${ruleFrom} CROSS JOIN LATERAL unnest(r.rule_ids) AS rid
    WHERE ${ruleWhere} GROUP BY rid`;
  const [counts, rules] = await Promise.all([
    db.query(`SELECT ${selects.join(", ")} FROM ${from}`, params.values),
    db.query(rulesSql, ruleParams.values),
  ]);
  const row = counts.rows[0] as Record<string, string>;
  return {
    options: Object.fromEntries(Object.keys(options).map((k) => [k, Number(row[k] ?? 0)])),
    rules: Object.fromEntries(rules.rows.map((r) => [r.id, Number(r.n)])),
  };
}
