import "server-only";
import { POST_COLUMNS, toPost, type ReportPost } from "./queue-cards";
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
 * One report with everything its page shows: the report, reporter, target
 * with its standing and record (earlier reports, strikes and their appeals,
 * followers and local followers), the reported posts (deleted ones too, as
 * Mastodon's page lists them), the rules cited and the notes thread.
 */
export interface ReportDetailRow {
  id: string;
  category: ReportCategory;
  comment: string;
  forwarded: boolean | null;
  ruleIds: string[];
  statusIds: string[];
  uri: string | null;
  createdAt: string;
  updatedAt: string;
  resolvedAt: string | null;
  resolvedBy: AccountRef | null;
  assignee: AccountRef | null;
  reporter: AccountRef;
  target: TargetAccount;
  /** 4.6 reports can name collections; Howdah shows how many and links to Mastodon for them. */
  collections: number;
}

export interface TargetAccount extends AccountRef {
  url: string | null;
  createdAt: string;
  suspendedAt: string | null;
  suspensionOrigin: "local" | "remote" | null;
  silencedAt: string | null;
  sensitizedAt: string | null;
  memorial: boolean;
  /** users.disabled ("frozen"); null for remote accounts. */
  disabled: boolean | null;
  statuses: number;
  followers: number;
  localFollowers: number;
}

export interface EarlierReport {
  id: string;
  category: ReportCategory;
  comment: string;
  createdAt: string;
  resolvedAt: string | null;
  reporter: AccountRef;
}

export interface StrikeRow {
  id: string;
  /** AccountWarning.action as its name. */
  action: string;
  text: string;
  reportId: string | null;
  createdAt: string;
  overruledAt: string | null;
  by: AccountRef | null;
  appeal: {
    text: string;
    createdAt: string;
    state: "pending" | "approved" | "rejected";
    decidedAt: string | null;
  } | null;
}

export interface NoteRow {
  id: string;
  content: string;
  createdAt: string;
  author: AccountRef;
}

export interface RuleRow {
  id: string;
  text: string;
  hint: string;
  deleted: boolean;
}

const STRIKE_ACTIONS: Record<number, string> = {
  0: "none",
  1000: "disable",
  1250: "mark_statuses_as_sensitive",
  1500: "delete_statuses",
  2000: "sensitive",
  3000: "silence",
  4000: "suspend",
};

/** How many earlier reports the page lists (the count says how many there are in all). */
export const EARLIER_REPORT_LIMIT = 50;

export async function readReportRow(db: Queryable, id: string): Promise<ReportDetailRow | null> {
  const { rows } = await db.query(
    `SELECT r.id::text AS id, r.category, r.comment, r.forwarded, COALESCE(r.rule_ids, '{}')::text[] AS rule_ids,
            r.status_ids::text[] AS status_ids, r.uri, ${ts("r.created_at")} AS created_at,
            ${ts("r.updated_at")} AS updated_at, ${ts("r.action_taken_at")} AS resolved_at,
            ${accountRefColumns("p", "reporter")}, ${accountRefColumns("t", "target")},
            ${accountRefColumns("asg", "assignee")}, ${accountRefColumns("rb", "resolver")},
            t.url AS target_url, ${ts("t.created_at")} AS target_created_at,
            ${ts("t.suspended_at")} AS target_suspended_at, t.suspension_origin AS target_suspension_origin,
            ${ts("t.silenced_at")} AS target_silenced_at, ${ts("t.sensitized_at")} AS target_sensitized_at,
            t.memorial AS target_memorial, u.disabled AS target_disabled,
            COALESCE(st.statuses_count, 0) AS target_statuses, COALESCE(st.followers_count, 0) AS target_followers,
            (SELECT count(*) FROM follows f JOIN accounts fa ON fa.id = f.account_id AND fa.domain IS NULL
              WHERE f.target_account_id = t.id) AS target_local_followers
       FROM reports r
       JOIN accounts p ON p.id = r.account_id
       JOIN accounts t ON t.id = r.target_account_id
       LEFT JOIN users u ON u.account_id = t.id
       LEFT JOIN account_stats st ON st.account_id = t.id
       LEFT JOIN accounts asg ON asg.id = r.assigned_account_id
       LEFT JOIN accounts rb ON rb.id = r.action_taken_by_account_id
      WHERE r.id = $1::bigint`,
    [id],
  );
  const r = rows[0];
  if (!r) return null;
  return {
    id: r.id,
    category: categoryOf(r.category),
    comment: r.comment,
    forwarded: r.forwarded,
    ruleIds: r.rule_ids,
    statusIds: r.status_ids,
    uri: r.uri,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    resolvedAt: r.resolved_at,
    resolvedBy: accountRef(r, "resolver"),
    assignee: accountRef(r, "assignee"),
    reporter: accountRef(r, "reporter")!,
    target: {
      ...accountRef(r, "target")!,
      url: r.target_url,
      createdAt: r.target_created_at,
      suspendedAt: r.target_suspended_at,
      suspensionOrigin:
        r.target_suspension_origin === null ? null : r.target_suspension_origin === 1 ? "remote" : "local",
      silencedAt: r.target_silenced_at,
      sensitizedAt: r.target_sensitized_at,
      memorial: r.target_memorial,
      disabled: r.target_disabled ?? null,
      statuses: Number(r.target_statuses),
      followers: Number(r.target_followers),
      localFollowers: Number(r.target_local_followers),
    },
    collections: 0,
  };
}

/** 4.6's collection_reports (absent before): how many collections the report names. */
export async function countReportCollections(db: Queryable, reportId: string): Promise<number> {
  const { rows } = await db.query("SELECT count(*) AS n FROM collection_reports WHERE report_id = $1::bigint", [
    reportId,
  ]);
  return Number(rows[0]?.n ?? 0);
}

export async function hasCollectionReports(db: Queryable): Promise<boolean> {
  const { rows } = await db.query("SELECT to_regclass('public.collection_reports') IS NOT NULL AS present");
  return Boolean(rows[0]?.present);
}

/** The reported posts in the report's order, deleted ones included (deletedAt set). */
export async function readReportPosts(db: Queryable, statusIds: string[]): Promise<ReportPost[]> {
  if (statusIds.length === 0) return [];
  const { rows } = await db.query(
    `SELECT ${POST_COLUMNS} FROM statuses s WHERE s.id = ANY($1::bigint[])
      ORDER BY array_position($1::bigint[], s.id)`,
    [statusIds],
  );
  return rows.map(toPost);
}

export async function readEarlierReports(
  db: Queryable,
  targetAccountId: string,
  exceptId: string,
): Promise<{ total: number; rows: EarlierReport[] }> {
  const { rows } = await db.query(
    `SELECT r.id::text AS id, r.category, r.comment, ${ts("r.created_at")} AS created_at,
            ${ts("r.action_taken_at")} AS resolved_at, ${accountRefColumns("p", "reporter")},
            count(*) OVER () AS total
       FROM reports r JOIN accounts p ON p.id = r.account_id
      WHERE r.target_account_id = $1::bigint AND r.id <> $2::bigint
      ORDER BY r.id DESC LIMIT ${EARLIER_REPORT_LIMIT}`,
    [targetAccountId, exceptId],
  );
  return {
    total: Number(rows[0]?.total ?? 0),
    rows: rows.map((r) => ({
      id: r.id,
      category: categoryOf(r.category),
      comment: r.comment,
      createdAt: r.created_at,
      resolvedAt: r.resolved_at,
      reporter: accountRef(r, "reporter")!,
    })),
  };
}

export async function readStrikes(db: Queryable, targetAccountId: string): Promise<StrikeRow[]> {
  const { rows } = await db.query(
    `SELECT w.id::text AS id, w.action, w.text, w.report_id::text AS report_id, ${ts("w.created_at")} AS created_at,
            ${ts("w.overruled_at")} AS overruled_at, ${accountRefColumns("m", "by")},
            ap.text AS appeal_text, ${ts("ap.created_at")} AS appeal_at, ${ts("ap.approved_at")} AS approved_at,
            ${ts("ap.rejected_at")} AS rejected_at
       FROM account_warnings w
       LEFT JOIN accounts m ON m.id = w.account_id
       LEFT JOIN appeals ap ON ap.account_warning_id = w.id
      WHERE w.target_account_id = $1::bigint
      ORDER BY w.id DESC LIMIT 100`,
    [targetAccountId],
  );
  return rows.map((r) => ({
    id: r.id,
    action: STRIKE_ACTIONS[r.action] ?? `action ${r.action}`,
    text: r.text,
    reportId: r.report_id,
    createdAt: r.created_at,
    overruledAt: r.overruled_at,
    by: accountRef(r, "by"),
    appeal:
      r.appeal_at === null
        ? null
        : {
            text: r.appeal_text,
            createdAt: r.appeal_at,
            state: r.approved_at ? "approved" : r.rejected_at ? "rejected" : "pending",
            decidedAt: r.approved_at ?? r.rejected_at,
          },
  }));
}

export async function readNotes(db: Queryable, reportId: string): Promise<NoteRow[]> {
  const { rows } = await db.query(
    `SELECT n.id::text AS id, n.content, ${ts("n.created_at")} AS created_at, ${accountRefColumns("a", "author")}
       FROM report_notes n JOIN accounts a ON a.id = n.account_id
      WHERE n.report_id = $1::bigint ORDER BY n.created_at, n.id`,
    [reportId],
  );
  return rows.map((r) => ({ id: r.id, content: r.content, createdAt: r.created_at, author: accountRef(r, "author")! }));
}

/** Every rule, kept and deleted: a report may cite a rule deleted since (Mastodon shows it still). */
export async function readRules(db: Queryable): Promise<RuleRow[]> {
  const { rows } = await db.query(
    `SELECT id::text AS id, text, COALESCE(hint, '') AS hint, deleted_at IS NOT NULL AS deleted
       FROM rules ORDER BY deleted_at IS NOT NULL, priority, id`,
  );
  return rows;
}
