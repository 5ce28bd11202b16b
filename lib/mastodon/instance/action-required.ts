import "server-only";
import type pg from "pg";

/**
 * The four counts of the "action required" links on Mastodon's admin
 * dashboard (Admin::DashboardController#index, 4.3 to 4.6), with Mastodon's
 * own scopes:
 * - pending users: `User.pending`, `users.approved = false` (nothing else:
 *   unconfirmed and disabled sign-ups waiting for approval count too, as
 *   /admin/accounts?status=pending lists them);
 * - open reports: `Report.unresolved`, `action_taken_at IS NULL`;
 * - pending appeals: `Appeal.pending`, neither approved nor rejected;
 * - pending hashtags: `Tag.pending_review` (never reviewed, review requested).
 *   From the release that added `tag_trends` (absent in 4.3, present in 4.6)
 *   the dashboard counts them through Trends::TagFilter, which joins each tag
 *   to its trend rows, so only tags currently trending count; one tag can
 *   trend in several languages, hence the DISTINCT.
 * Small tables or selective filters, so read live on the primary.
 */
export interface ActionRequiredCounts {
  pendingUsers: number;
  openReports: number;
  pendingAppeals: number;
  pendingTags: number;
}

const TAGS_PENDING = "t.reviewed_at IS NULL AND t.requested_review_at IS NOT NULL";

function tagsQuery(hasTagTrends: boolean): string {
  return hasTagTrends
    ? `SELECT count(DISTINCT t.id) FROM tags t JOIN tag_trends tt ON tt.tag_id = t.id WHERE ${TAGS_PENDING}`
    : `SELECT count(*) FROM tags t WHERE ${TAGS_PENDING}`;
}

/** Whether this schema has `tag_trends` (the 4.3/4.6 difference the hashtag count depends on). */
export async function hasTagTrends(db: Pick<pg.Pool, "query">): Promise<boolean> {
  const { rows } = await db.query<{ present: boolean }>(
    "SELECT to_regclass('public.tag_trends') IS NOT NULL AS present",
  );
  return rows[0]!.present;
}

export async function countActionRequired(
  db: Pick<pg.Pool, "query">,
  schema: { hasTagTrends: boolean },
): Promise<ActionRequiredCounts> {
  const { rows } = await db.query<Record<keyof ActionRequiredCounts, string>>(`
    SELECT
      (SELECT count(*) FROM users WHERE approved = false) AS "pendingUsers",
      (SELECT count(*) FROM reports WHERE action_taken_at IS NULL) AS "openReports",
      (SELECT count(*) FROM appeals WHERE approved_at IS NULL AND rejected_at IS NULL) AS "pendingAppeals",
      (${tagsQuery(schema.hasTagTrends)}) AS "pendingTags"`);
  const row = rows[0]!;
  return {
    pendingUsers: Number(row.pendingUsers),
    openReports: Number(row.openReports),
    pendingAppeals: Number(row.pendingAppeals),
    pendingTags: Number(row.pendingTags),
  };
}
