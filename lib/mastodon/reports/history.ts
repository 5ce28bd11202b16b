import "server-only";
import { accountRef, accountRefColumns, ts, type AccountRef, type Queryable } from "./report-columns";

/**
 * A report's history as Mastodon's report page builds it (Report#history,
 * write facts C3, the same in 4.3 and 4.6): the admin_action_logs rows that
 * target the report, its target account (all time, from any context), the
 * reported statuses, and the strikes written for this report. Logs with
 * other targets (a freeze targets the User) do not appear, as in Mastodon.
 */
export interface HistoryEntry {
  id: string;
  action: string;
  targetType: string;
  targetId: string | null;
  humanIdentifier: string | null;
  permalink: string | null;
  createdAt: string;
  /** The staff account that acted (null if that account is gone). */
  by: AccountRef | null;
}

export async function readReportHistory(
  db: Queryable,
  report: { id: string; targetAccountId: string; statusIds: string[] },
): Promise<HistoryEntry[]> {
  const { rows } = await db.query(
    `SELECT l.id::text AS id, l.action, l.target_type, l.target_id::text AS target_id, l.human_identifier,
            l.permalink, ${ts("l.created_at")} AS created_at, ${accountRefColumns("a", "by")}
       FROM admin_action_logs l LEFT JOIN accounts a ON a.id = l.account_id
      WHERE (l.target_type = 'Report' AND l.target_id = $1::bigint)
         OR (l.target_type = 'Account' AND l.target_id = $2::bigint)
         OR (l.target_type = 'Status' AND l.target_id = ANY($3::bigint[]))
         OR (l.target_type = 'AccountWarning'
             AND l.target_id IN (SELECT w.id FROM account_warnings w WHERE w.report_id = $1::bigint))
      ORDER BY l.created_at DESC, l.id DESC LIMIT 200`,
    [report.id, report.targetAccountId, report.statusIds],
  );
  return rows.map((r) => ({
    id: r.id,
    action: r.action,
    targetType: r.target_type,
    targetId: r.target_id,
    humanIdentifier: r.human_identifier,
    permalink: r.permalink,
    createdAt: r.created_at,
    by: accountRef(r, "by"),
  }));
}
