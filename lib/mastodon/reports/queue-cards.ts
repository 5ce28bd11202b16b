import "server-only";
import {
  accountRef,
  accountRefColumns,
  categoryOf,
  ts,
  type AccountRef,
  type Queryable,
  type ReportCategory,
} from "./report-columns";

/**
 * What a queue card shows of a report: enough to decide without opening it.
 * Read only for the page's lead reports (one statement, index look-ups per
 * report): the reporter, the target and its age and standing, the first
 * reported post, and the target's record (earlier, already resolved reports
 * and strikes).
 */
export interface ReportPost {
  id: string;
  /** HTML for remote posts, Mastodon's plain text for local ones (lib/reports sanitizes both). */
  text: string;
  local: boolean;
  spoilerText: string;
  sensitive: boolean;
  url: string | null;
  uri: string | null;
  createdAt: string;
  deletedAt: string | null;
  media: ReportMedia[];
}

export interface ReportMedia {
  id: string;
  /** MediaAttachment.type: image, gifv, video, unknown, audio. */
  type: string;
  description: string | null;
  /** The original's address for remote media ('' for local uploads). */
  remoteUrl: string;
}

export interface QueueCardRow {
  id: string;
  category: ReportCategory;
  comment: string;
  ruleIds: string[];
  forwarded: boolean | null;
  statusCount: number;
  createdAt: string;
  reporter: AccountRef;
  target: AccountRef & { createdAt: string; suspendedAt: string | null; silencedAt: string | null };
  assignee: AccountRef | null;
  resolvedAt: string | null;
  resolvedBy: AccountRef | null;
  /** Resolved reports against the target other than this one. */
  earlierReports: number;
  strikes: number;
  firstPost: ReportPost | null;
}

const MEDIA_TYPES = ["image", "gifv", "video", "unknown", "audio"];

export const POST_COLUMNS = `s.id::text AS id, s.text, (s.local OR s.uri IS NULL) AS local, s.spoiler_text, s.sensitive,
  s.url, s.uri, ${ts("s.created_at")} AS created_at, ${ts("s.deleted_at")} AS deleted_at,
  COALESCE((SELECT json_agg(json_build_object('id', ma.id::text, 'type', ma.type, 'description', ma.description,
                    'remote_url', ma.remote_url) ORDER BY ma.id)
              FROM media_attachments ma WHERE ma.status_id = s.id), '[]'::json) AS media`;

export function toPost(row: Record<string, unknown>): ReportPost {
  const media = (row.media as { id: string; type: number; description: string | null; remote_url: string }[]) ?? [];
  return {
    id: String(row.id),
    text: String(row.text ?? ""),
    local: Boolean(row.local),
    spoilerText: String(row.spoiler_text ?? ""),
    sensitive: Boolean(row.sensitive),
    url: (row.url as string | null) ?? null,
    uri: (row.uri as string | null) ?? null,
    createdAt: String(row.created_at),
    deletedAt: (row.deleted_at as string | null) ?? null,
    media: media.map((m) => ({
      id: m.id,
      type: MEDIA_TYPES[m.type] ?? "unknown",
      description: m.description,
      remoteUrl: m.remote_url ?? "",
    })),
  };
}

export async function readQueueCards(db: Queryable, reportIds: string[]): Promise<Map<string, QueueCardRow>> {
  if (reportIds.length === 0) return new Map();
  const { rows } = await db.query(
    `SELECT r.id::text AS id, r.category, r.comment, COALESCE(r.rule_ids, '{}')::text[] AS rule_ids, r.forwarded,
            cardinality(r.status_ids) AS status_count, ${ts("r.created_at")} AS created_at,
            ${ts("r.action_taken_at")} AS resolved_at,
            ${accountRefColumns("p", "reporter")}, ${accountRefColumns("t", "target")},
            ${accountRefColumns("asg", "assignee")}, ${accountRefColumns("rb", "resolver")},
            ${ts("t.created_at")} AS target_created_at, ${ts("t.suspended_at")} AS target_suspended_at,
            ${ts("t.silenced_at")} AS target_silenced_at,
            (SELECT count(*) FROM reports e WHERE e.target_account_id = r.target_account_id AND e.id <> r.id
                AND e.action_taken_at IS NOT NULL) AS earlier_reports,
            (SELECT count(*) FROM account_warnings w WHERE w.target_account_id = r.target_account_id) AS strikes,
            (SELECT row_to_json(x) FROM (SELECT ${POST_COLUMNS} FROM statuses s WHERE s.id = r.status_ids[1]) x)
              AS first_post
       FROM reports r
       JOIN accounts p ON p.id = r.account_id
       JOIN accounts t ON t.id = r.target_account_id
       LEFT JOIN accounts asg ON asg.id = r.assigned_account_id
       LEFT JOIN accounts rb ON rb.id = r.action_taken_by_account_id
      WHERE r.id = ANY($1::bigint[])`,
    [reportIds],
  );
  return new Map(
    rows.map((r) => [
      r.id,
      {
        id: r.id,
        category: categoryOf(r.category),
        comment: r.comment,
        ruleIds: r.rule_ids,
        forwarded: r.forwarded,
        statusCount: Number(r.status_count ?? 0),
        createdAt: r.created_at,
        reporter: accountRef(r, "reporter")!,
        target: {
          ...accountRef(r, "target")!,
          createdAt: r.target_created_at,
          suspendedAt: r.target_suspended_at,
          silencedAt: r.target_silenced_at,
        },
        assignee: accountRef(r, "assignee"),
        resolvedAt: r.resolved_at,
        resolvedBy: accountRef(r, "resolver"),
        earlierReports: Number(r.earlier_reports),
        strikes: Number(r.strikes),
        firstPost: r.first_post ? toPost(r.first_post) : null,
      },
    ]),
  );
}
