import "server-only";
import type pg from "pg";
import { HowdahError } from "@/lib/errors";
import { UTC_NOW } from "@/lib/mastodon/action-log/utc-now";
import { writeActionLog } from "@/lib/mastodon/action-log/write-action-log";
import { assertWritable, type MastodonVersion } from "@/lib/mastodon/version";
import { inTransaction } from "@/lib/pg/in-transaction";
import { reportGone } from "./action-state";
import { lockedReportWrite, type ReportActor, type ReportWriteDeps } from "./locked-write";
import { runPlannedJobs, type PlannedJob, type ReportJob } from "./report-jobs";

/**
 * Report state changes and notes, as Admin::ReportsController and
 * Admin::ReportNotesController make them (facts C1, C2; same in 4.3 and 4.6):
 *
 * - assign to self / unassign / resolve / reopen: `update!` (updated_at =
 *   now), then log_action (assigned_to_self, unassigned, resolve, reopen on
 *   Report); after commit TriggerWebhookWorker ["report.updated","Report",id].
 * - note: INSERT report_notes (never logged); `belongs_to :report, touch:
 *   true` bumps reports.updated_at, which by Rails' touch semantics fires the
 *   report's after_update_commit webhook (facts E: inferred, not run).
 *   note-and-resolve / note-and-reopen then resolve or reopen in a second
 *   save (Mastodon commits the note first: a second webhook job) and log it.
 *
 * Howdah runs all of it in one transaction behind the state token
 * (locked-write.ts) and refuses a change that would do nothing (assigning
 * a report already yours, resolving a resolved one), where Mastodon would
 * log it again.
 */
export type StateChange = "assign_to_self" | "unassign" | "resolve" | "reopen";
export type NoteFollowUp = "none" | "resolve" | "reopen";

export interface ReportWriteResult {
  reportId: string;
  actionLogIds: string[];
  jobs: ReportJob[];
  /** Ids of rows written besides the report (note, strike). */
  rows: Record<string, string>;
}

export const NOTE_LIMIT = 2000;

export async function changeReportState(
  deps: ReportWriteDeps,
  actor: ReportActor,
  input: { reportId: string; token: string; change: StateChange },
): Promise<ReportWriteResult> {
  const { result } = await lockedReportWrite(deps, actor, input.reportId, input.token, async (client, state) => {
    const refusal = pointless(input.change, state.resolved, state.assignedAccountId, actor.accountId);
    if (refusal) throw new HowdahError("conflict", `${refusal} Nothing was changed.`);
    return [await applyChange(client, deps.version, actor, input.reportId, input.change)];
  });
  const plan: PlannedJob[] = [{ kind: "webhook", event: "report.updated", type: "Report", id: input.reportId }];
  const jobs = await runPlannedJobs(deps, plan, `Report #${input.reportId} was changed (${input.change}).`);
  return { reportId: input.reportId, actionLogIds: result, jobs, rows: {} };
}

export async function addReportNote(
  deps: ReportWriteDeps,
  actor: ReportActor,
  input: { reportId: string; token: string; content: string; then: NoteFollowUp },
): Promise<ReportWriteResult> {
  const problem = noteProblem(input.content);
  if (problem) throw new HowdahError("bad_request", problem);
  const { result } = await lockedReportWrite(deps, actor, input.reportId, input.token, async (client, state) => {
    if (input.then === "resolve" && state.resolved) {
      throw new HowdahError("conflict", "This report is already resolved. Nothing was changed.");
    }
    if (input.then === "reopen" && !state.resolved) {
      throw new HowdahError("conflict", "This report is open already. Nothing was changed.");
    }
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO report_notes (account_id, report_id, content, created_at, updated_at)
       SELECT $1, $2, $3, t.at, t.at FROM (SELECT ${UTC_NOW} AS at) t RETURNING id::text AS id`,
      [actor.accountId, input.reportId, input.content],
    );
    // touch: true — updated_at only.
    await client.query(`UPDATE reports SET updated_at = ${UTC_NOW} WHERE id = $1`, [input.reportId]);
    const logs =
      input.then === "none" ? [] : [await applyChange(client, deps.version, actor, input.reportId, input.then)];
    return { noteId: rows[0]!.id, logs };
  });
  const webhook: PlannedJob = { kind: "webhook", event: "report.updated", type: "Report", id: input.reportId };
  const plan = input.then === "none" ? [webhook] : [webhook, webhook];
  const jobs = await runPlannedJobs(deps, plan, `The note on report #${input.reportId} was added.`);
  return { reportId: input.reportId, actionLogIds: result.logs, jobs, rows: { reportNote: result.noteId } };
}

/** Mastodon's ReportNote validation: present (not blank) and at most 2,000 characters. */
export function noteProblem(content: string): string | null {
  if (content.trim() === "") return "A note cannot be empty. Nothing was changed.";
  const length = [...content].length;
  if (length > NOTE_LIMIT) {
    return (
      `A note is at most ${NOTE_LIMIT.toLocaleString("en")} characters; this one has ` +
      `${length.toLocaleString("en")}. Nothing was changed.`
    );
  }
  return null;
}

/** Why a change would do nothing, or null. */
export function pointless(
  change: StateChange,
  resolved: boolean,
  assigned: string | null,
  actorAccountId: string,
): string | null {
  if (change === "resolve" && resolved) return "This report is already resolved.";
  if (change === "reopen" && !resolved) return "This report is open already.";
  if (change === "assign_to_self" && assigned === actorAccountId) return "This report is already assigned to you.";
  if (change === "unassign" && assigned === null) return "This report is not assigned to anyone.";
  return null;
}

const SET: Record<StateChange, string> = {
  assign_to_self: "assigned_account_id = $2",
  unassign: "assigned_account_id = NULL",
  resolve: `action_taken_at = ${UTC_NOW}, action_taken_by_account_id = $2`,
  reopen: "action_taken_at = NULL, action_taken_by_account_id = NULL",
};
const LOG = {
  assign_to_self: "assigned_to_self",
  unassign: "unassigned",
  resolve: "resolve",
  reopen: "reopen",
} as const;

/** The row change, then its log (the controllers' order). Returns the log id. */
export async function applyChange(
  client: pg.PoolClient,
  version: MastodonVersion,
  actor: ReportActor,
  reportId: string,
  change: StateChange,
): Promise<string> {
  const usesActor = change === "assign_to_self" || change === "resolve";
  await client.query(
    `UPDATE reports SET ${SET[change]}, updated_at = ${UTC_NOW} WHERE id = $1`,
    usesActor ? [reportId, actor.accountId] : [reportId],
  );
  return writeActionLog(client, version, {
    accountId: actor.accountId,
    action: LOG[change],
    target: { type: "Report", id: reportId },
  });
}

/**
 * One report of a bulk change from the queue: no token (the queue's rows are
 * the moderator's choice, not a page's state), but the same row lock, and
 * a change that would do nothing is refused with who made it so, so a report
 * resolved or assigned meanwhile is not done twice. Only the report row is
 * locked: a bulk change waits for nothing else while holding it, so it cannot
 * deadlock with an account action holding the account.
 */
export async function changeOneOfMany(
  deps: ReportWriteDeps,
  actor: ReportActor,
  input: { reportId: string; change: StateChange },
): Promise<ReportWriteResult> {
  assertWritable(deps.version);
  const logId = await inTransaction(deps.mastodon.db, async (client) => {
    const { rows } = await client.query<{ resolved: boolean; assigned: string | null; by: string | null }>(
      `SELECT r.action_taken_at IS NOT NULL AS resolved, r.assigned_account_id::text AS assigned,
              CASE WHEN r.action_taken_at IS NOT NULL THEN b.username ELSE s.username END AS by
         FROM reports r
         LEFT JOIN accounts b ON b.id = r.action_taken_by_account_id
         LEFT JOIN accounts s ON s.id = r.assigned_account_id
        WHERE r.id = $1 FOR UPDATE OF r`,
      [input.reportId],
    );
    const row = rows[0];
    if (!row) throw reportGone(input.reportId);
    const refusal = pointless(input.change, row.resolved, row.assigned, actor.accountId);
    if (refusal) {
      const who = row.by && (input.change === "resolve" || input.change === "assign_to_self") ? ` (@${row.by})` : "";
      throw new HowdahError("conflict", `${refusal.replace(/\.$/, "")}${who}. Nothing was changed.`);
    }
    return applyChange(client, deps.version, actor, input.reportId, input.change);
  });
  const plan: PlannedJob[] = [{ kind: "webhook", event: "report.updated", type: "Report", id: input.reportId }];
  const jobs = await runPlannedJobs(deps, plan, `Report #${input.reportId} was changed (${input.change}).`);
  return { reportId: input.reportId, actionLogIds: [logId], jobs, rows: {} };
}
