import "server-only";
import type pg from "pg";
import type { MastodonVersion } from "@/lib/mastodon/version";

/**
 * What the status actions depend on for a report's posts (facts C4, C6): how
 * many there are and still exist, which have media or a preview card (what
 * mark-as-sensitive touches), and on 4.6 the report's collections.
 */
type Queryable = Pick<pg.ClientBase, "query">;

export interface ReportedStatusSummary {
  /** report.status_ids that still have a row (Status.with_discarded). */
  rows: number;
  /** Of those, not discarded (deleted_at NULL). */
  kept: number;
  /** Kept, with media or a preview card: what mark-as-sensitive changes. */
  sensitiveCandidates: number;
  /** 4.6: collections attached to the report (Howdah does not act on them). */
  collections: number;
}

export async function summarizeReportedStatuses(
  db: Queryable,
  version: MastodonVersion,
  reportId: string,
  statusIds: string[],
): Promise<ReportedStatusSummary> {
  const { rows } = await db.query<{ rows: number; kept: number; candidates: number }>(
    `SELECT count(*)::int AS rows, count(*) FILTER (WHERE s.deleted_at IS NULL)::int AS kept,
            count(*) FILTER (WHERE s.deleted_at IS NULL AND (
              EXISTS (SELECT 1 FROM media_attachments m WHERE m.status_id = s.id)
              OR EXISTS (SELECT 1 FROM preview_cards_statuses p WHERE p.status_id = s.id)))::int AS candidates
       FROM statuses s WHERE s.id = ANY($1::bigint[])`,
    [statusIds],
  );
  let collections = 0;
  if (version.release === "4.6") {
    const c = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM collection_reports WHERE report_id = $1", [
      reportId,
    ]);
    collections = c.rows[0]!.n;
  }
  const r = rows[0]!;
  return { rows: r.rows, kept: r.kept, sensitiveCandidates: r.candidates, collections };
}
