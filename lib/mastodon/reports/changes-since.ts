import "server-only";
import type pg from "pg";
import type { ReportActionState } from "./action-state";

/**
 * Who did what to a report (and its target account) since a moment, in
 * words, for the 409 a moderator gets when someone else got there first.
 * Read from admin_action_logs over the same targets Mastodon's report page
 * shows as history (facts C3: the Report, the target Account, the reported
 * Statuses, the report's strikes) plus the target's User (a freeze, which
 * that page misses) and report_notes (notes are never logged).
 */
type Queryable = Pick<pg.ClientBase, "query">;

const VERBS: Record<string, string> = {
  "Report:assigned_to_self": "assigned the report to themselves",
  "Report:unassigned": "unassigned the report",
  "Report:resolve": "resolved the report",
  "Report:reopen": "reopened the report",
  "Report:update": "changed the report's category or rules",
  "Account:silence": "limited the account",
  "Account:unsilence": "lifted the account's limit",
  "Account:suspend": "suspended the account",
  "Account:unsuspend": "unsuspended the account",
  "Account:sensitive": "marked the account's media as sensitive",
  "Account:unsensitive": "lifted the account's sensitive mark",
  "User:disable": "froze the account",
  "User:enable": "unfroze the account",
  "AccountWarning:create": "sent the account a warning",
  "Status:destroy": "deleted a reported post",
  "Status:update": "marked a reported post as sensitive",
};

export async function describeChangesSince(
  db: Queryable,
  state: Pick<ReportActionState, "reportId" | "statusIds" | "target">,
  sinceMicros: string | null,
): Promise<string> {
  const since = sinceMicros ?? "0";
  const { rows } = await db.query<{ acct: string | null; target_type: string; action: string; at: string }>(
    `SELECT coalesce(CASE WHEN a.domain IS NULL THEN a.username ELSE a.username || '@' || a.domain END, 'someone')
              AS acct, l.target_type, l.action, to_char(l.created_at, 'HH24:MI:SS') AS at
       FROM admin_action_logs l LEFT JOIN accounts a ON a.id = l.account_id
      WHERE l.created_at >= to_timestamp($1::bigint / 1000000.0) AT TIME ZONE 'UTC'
        AND ((l.target_type = 'Report' AND l.target_id = $2)
          OR (l.target_type = 'Account' AND l.target_id = $3)
          OR (l.target_type = 'User' AND l.target_id = $4)
          OR (l.target_type = 'Status' AND l.target_id = ANY($5::bigint[]))
          OR (l.target_type = 'AccountWarning' AND l.target_id IN
                (SELECT id FROM account_warnings WHERE target_account_id = $3)))
      UNION ALL
     SELECT CASE WHEN a.domain IS NULL THEN a.username ELSE a.username || '@' || a.domain END, 'ReportNote', 'create',
            to_char(n.created_at, 'HH24:MI:SS')
       FROM report_notes n JOIN accounts a ON a.id = n.account_id
      WHERE n.report_id = $2 AND n.created_at >= to_timestamp($1::bigint / 1000000.0) AT TIME ZONE 'UTC'
      ORDER BY 4 LIMIT 10`,
    [since, state.reportId, state.target.id, state.target.userId, state.statusIds],
  );
  const said = rows.map((r) => {
    const verb = r.target_type === "ReportNote" ? "added a note" : (VERBS[`${r.target_type}:${r.action}`] ?? r.action);
    return `@${r.acct} ${verb} at ${r.at} UTC`;
  });
  const what = said.length
    ? `Since you loaded this report, ${[...new Set(said)].join("; ")}.`
    : "This report or its account changed since you loaded it.";
  return `${what} Nothing was changed: reload to see the report as it is now, then decide again.`;
}
