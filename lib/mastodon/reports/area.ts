import "server-only";
import type { GatewayBase } from "../gateway/base";
import { withService, type ServiceName } from "../service-errors";
import { readReportHistory, type HistoryEntry } from "./history";
import { readQueueCards, type QueueCardRow } from "./queue-cards";
import type { QueueFilters } from "./queue-filters";
import { countQueueFacets, listQueueGroups, type QueueGroupRow } from "./queue-reads";
import {
  countReportCollections,
  hasCollectionReports,
  readEarlierReports,
  readNotes,
  readReportPosts,
  readReportRow,
  readRules,
  readStrikes,
  type EarlierReport,
  type NoteRow,
  type ReportDetailRow,
  type RuleRow,
  type StrikeRow,
} from "./report-reads";
import { readOpenFigures, readTriageWindow, type OpenFigures, type TriageWindowFigures } from "./triage-figures";

export type { HistoryEntry } from "./history";
export type { QueueCardRow, ReportMedia, ReportPost } from "./queue-cards";
export type { QueueFilters } from "./queue-filters";
export { DOMAIN_GROUP_MIN_ACCOUNTS, type QueueGroupRow } from "./queue-reads";
export type { EarlierReport, NoteRow, ReportDetailRow, RuleRow, StrikeRow, TargetAccount } from "./report-reads";
export { EARLIER_REPORT_LIMIT } from "./report-reads";
export { CATEGORIES, type AccountRef, type ReportCategory } from "./report-columns";
export type { ModeratorFigures, OpenFigures, TriageWindowFigures } from "./triage-figures";

/**
 * Reports: the triage queue (grouped, ordered, faceted counts), one report
 * with its context and history, and the triage figures. The queue and the
 * report page read the primary (a moderator expects to see what was just
 * done); the 30-day figures go to the replica when there is one.
 */
export function createReportsArea(base: GatewayBase) {
  const c = base.connections;
  const replica: ServiceName = c.hasReplica ? "PostgreSQL replica" : "PostgreSQL";
  let collections: Promise<boolean> | null = null;
  const pg = <T>(run: () => Promise<T>) => withService("PostgreSQL", run);
  return {
    listQueueGroups(
      filters: QueueFilters,
      page: { offset: number; limit: number },
    ): Promise<{ total: number; totalReports: number; groups: QueueGroupRow[] }> {
      return pg(() => listQueueGroups(c.db, filters, page));
    },
    countQueueFacets(
      filters: QueueFilters,
    ): Promise<{ options: Record<string, number>; rules: Record<string, number> }> {
      return pg(() => countQueueFacets(c.db, filters));
    },
    readQueueCards(reportIds: string[]): Promise<Map<string, QueueCardRow>> {
      return pg(() => readQueueCards(c.db, reportIds));
    },
    async readReport(id: string): Promise<ReportDetailRow | null> {
      const row = await pg(() => readReportRow(c.db, id));
      if (!row) return null;
      collections ??= pg(() => hasCollectionReports(c.db)).catch((error: unknown) => {
        collections = null;
        throw error;
      });
      return (await collections) ? { ...row, collections: await pg(() => countReportCollections(c.db, id)) } : row;
    },
    readReportPosts(statusIds: string[]) {
      return pg(() => readReportPosts(c.db, statusIds));
    },
    readEarlierReports(targetAccountId: string, exceptId: string): Promise<{ total: number; rows: EarlierReport[] }> {
      return pg(() => readEarlierReports(c.db, targetAccountId, exceptId));
    },
    readStrikes(targetAccountId: string): Promise<StrikeRow[]> {
      return pg(() => readStrikes(c.db, targetAccountId));
    },
    readNotes(reportId: string): Promise<NoteRow[]> {
      return pg(() => readNotes(c.db, reportId));
    },
    readRules(): Promise<RuleRow[]> {
      return pg(() => readRules(c.db));
    },
    readHistory(report: { id: string; targetAccountId: string; statusIds: string[] }): Promise<HistoryEntry[]> {
      return pg(() => readReportHistory(c.db, report));
    },
    readOpenFigures(): Promise<OpenFigures> {
      return pg(() => readOpenFigures(c.db));
    },
    readTriageWindow(days: number): Promise<TriageWindowFigures> {
      return withService(replica, () => readTriageWindow(c.readDb, days));
    },
  };
}

export type ReportsArea = ReturnType<typeof createReportsArea>;
