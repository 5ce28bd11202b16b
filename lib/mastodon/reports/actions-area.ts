import "server-only";
import type { GatewayBase } from "../gateway/base";
import { withService } from "../service-errors";
import { readActionState, tokenDigest, tokenSinceMicros, type ReportActionState } from "./action-state";
import { describeChangesSince } from "./changes-since";
import { reverseAccountAction, takeAccountAction, type AccountActionInput, type ReversalType } from "./account-actions";
import type { ReportActor, ReportWriteDeps } from "./locked-write";
import { takeStatusAction, type StatusActionInput } from "./status-actions";
import { summarizeReportedStatuses, type ReportedStatusSummary } from "./reported-statuses";
import {
  addReportNote,
  changeOneOfMany,
  changeReportState,
  type NoteFollowUp,
  type ReportWriteResult,
  type StateChange,
} from "./state-writes";

export type { ReportActionState } from "./action-state";
export type { AccountActionType, ReversalType } from "./account-actions";
export { accountActionRefusal, reversalRefusal } from "./account-actions";
export type { ReportActor } from "./locked-write";
export type { ReportJob } from "./report-jobs";
export type { ReportedStatusSummary } from "./reported-statuses";
export type { StatusActionInput } from "./status-actions";
export type { NoteFollowUp, ReportWriteResult, StateChange } from "./state-writes";
export { NOTE_LIMIT, noteProblem, pointless } from "./state-writes";

/**
 * Report actions (the write side of report triage): the state a moderator
 * acts on with its token, and every write Mastodon's report page and its
 * account actions make, with the rows, logs and jobs of the detected version.
 */
export function createReportActionsArea(base: GatewayBase) {
  const c = base.connections;
  const write = async <T>(run: (deps: ReportWriteDeps) => Promise<T>): Promise<T> => {
    const deps = { mastodon: c, version: await base.version() };
    return withService("PostgreSQL", () => run(deps));
  };
  return {
    /** The report, its target and the actor's role, with the state token, from the primary. */
    readState(reportId: string, actorAccountId: string): Promise<ReportActionState> {
      return withService("PostgreSQL", () => readActionState(c.db, reportId, actorAccountId, { lock: false }));
    },
    /** Null when the token still matches the state; else who did what since it was issued. */
    async staleness(state: ReportActionState, token: string): Promise<string | null> {
      if (tokenDigest(state.token) === tokenDigest(token)) return null;
      return withService("PostgreSQL", () => describeChangesSince(c.db, state, tokenSinceMicros(token)));
    },
    async summarizeStatuses(state: ReportActionState): Promise<ReportedStatusSummary> {
      const version = await base.version();
      return withService("PostgreSQL", () => summarizeReportedStatuses(c.db, version, state.reportId, state.statusIds));
    },
    changeState(actor: ReportActor, input: { reportId: string; token: string; change: StateChange }) {
      return write((d) => changeReportState(d, actor, input));
    },
    /** One report of a bulk assign / unassign / resolve: locked and checked, without a token. */
    changeOneOfMany(actor: ReportActor, input: { reportId: string; change: StateChange }): Promise<ReportWriteResult> {
      return write((d) => changeOneOfMany(d, actor, input));
    },
    addNote(
      actor: ReportActor,
      input: { reportId: string; token: string; content: string; then: NoteFollowUp },
    ): Promise<ReportWriteResult> {
      return write((d) => addReportNote(d, actor, input));
    },
    takeAccountAction(actor: ReportActor, input: AccountActionInput): Promise<ReportWriteResult> {
      return write((d) => takeAccountAction(d, actor, input));
    },
    reverseAccountAction(
      actor: ReportActor,
      input: { reportId: string; token: string; type: ReversalType },
    ): Promise<ReportWriteResult> {
      return write((d) => reverseAccountAction(d, actor, input));
    },
    /** Delete the reported posts, or mark a remote author's as sensitive (facts C6, per version). */
    takeStatusAction(actor: ReportActor, input: StatusActionInput): Promise<ReportWriteResult> {
      return write((d) => takeStatusAction(d, actor, input));
    },
  };
}

export type ReportActionsArea = ReturnType<typeof createReportActionsArea>;
