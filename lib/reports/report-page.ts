import "server-only";
import { z } from "zod";
import { HowdahError } from "@/lib/errors";
import type {
  AccountRef,
  EarlierReport,
  HistoryEntry,
  NoteRow,
  ReportCategory,
  StrikeRow,
  TargetAccount,
} from "@/lib/mastodon/reports/area";
import type { ServerContext } from "@/lib/server/context";
import { showPost, type ShownPost } from "./cards";

/**
 * One report's page: the report and who filed it, the target and its record,
 * the reported posts (sanitized), the rules cited, the notes thread and the
 * history as Mastodon's own report page builds it.
 */
export const reportIdInput = z
  .string()
  .regex(/^\d{1,18}$/, "A report id is a number.")
  .refine((v) => BigInt(v) <= 9223372036854775807n, "A report id is a number.");

export interface ReportPage {
  id: string;
  category: ReportCategory;
  comment: string;
  forwarded: boolean | null;
  rules: { id: string; text: string; hint: string; deleted: boolean }[];
  createdAt: string;
  updatedAt: string;
  resolvedAt: string | null;
  resolvedBy: AccountRef | null;
  assignee: AccountRef | null;
  reporter: AccountRef;
  target: TargetAccount;
  posts: ShownPost[];
  /** Reported posts that no longer exist at all (hard-deleted, e.g. by the retention vacuum). */
  missingPosts: number;
  collections: number;
  earlierReports: { total: number; rows: EarlierReport[] };
  strikes: StrikeRow[];
  notes: NoteRow[];
  history: HistoryEntry[];
  mastodonBase: string;
  viewerAccountId: string;
}

export async function getReportPage(
  context: ServerContext,
  viewer: { accountId: string },
  id: string,
): Promise<ReportPage> {
  const reports = context.mastodon.reports;
  const report = await reports.readReport(id);
  if (!report) throw new HowdahError("not_found", `There is no report ${id} on this instance.`);
  const [posts, earlier, strikes, notes, history, rules] = await Promise.all([
    reports.readReportPosts(report.statusIds),
    reports.readEarlierReports(report.target.id, report.id),
    reports.readStrikes(report.target.id),
    reports.readNotes(report.id),
    reports.readHistory({ id: report.id, targetAccountId: report.target.id, statusIds: report.statusIds }),
    reports.readRules(),
  ]);
  const byId = new Map(rules.map((r) => [r.id, r]));
  return {
    id: report.id,
    category: report.category,
    comment: report.comment,
    forwarded: report.forwarded,
    rules: report.ruleIds.map(
      (ruleId) =>
        byId.get(ruleId) ?? { id: ruleId, text: `Rule ${ruleId} (no longer exists)`, hint: "", deleted: true },
    ),
    createdAt: report.createdAt,
    updatedAt: report.updatedAt,
    resolvedAt: report.resolvedAt,
    resolvedBy: report.resolvedBy,
    assignee: report.assignee,
    reporter: report.reporter,
    target: report.target,
    posts: posts.map(showPost),
    missingPosts: report.statusIds.length - posts.length,
    collections: report.collections,
    earlierReports: earlier,
    strikes,
    notes,
    history,
    mastodonBase: `https://${context.config.mastodon.webDomain}`,
    viewerAccountId: viewer.accountId,
  };
}
