import "server-only";
import { z } from "zod";
import type { Staff } from "@/lib/auth/current-staff";
import type { Permission } from "@/lib/auth/permissions";
import { HowdahError } from "@/lib/errors";
import type { ReportActionState, ReportWriteResult } from "@/lib/mastodon/reports/actions-area";
import { NOTE_LIMIT, noteProblem } from "@/lib/mastodon/reports/actions-area";
import type { ServerContext } from "@/lib/server/context";
import { isMastodonId } from "@/lib/shared/mastodon-id";
import {
  ACTION_KEYS,
  ACTION_LABELS,
  type ActionKey,
  type OfferedAction,
  type ReportActionResult,
  type ReportActionsView,
} from "@/lib/shared/report-actions";
import { recordAudit } from "@/lib/store/audit";
import { chooseActions, findOffer } from "./catalog";
import { AUDIT_KEY } from "./audit-keys";

/**
 * The report page's actions: what this staff member may do now (GET) and
 * doing one (POST). Every POST carries the state token its page was built
 * with; a report that changed since gets a 409 saying who did what, and the
 * gateway checks the token again under row locks, so two moderators never
 * act twice. Every attempt that reached a decision is in Howdah's audit log.
 */
export interface ReportActor {
  staff: Pick<Staff, "accountId" | "acct" | "permissions">;
  ip: string | null;
}

export const MESSAGE_LIMIT = 5000;

export const reportIdInput = z.object({
  id: z.string().refine(isMastodonId, "A report id is a whole number from 1 to 9223372036854775807."),
});

const performable = ACTION_KEYS.filter((k) => k !== "warning_preset") as [ActionKey, ...ActionKey[]];
export const performInput = z
  .object({
    token: z.string().min(1, "The state token is missing: reload the report.").max(200),
    action: z.enum(performable, { message: "Unknown action." }),
    text: z.string().max(MESSAGE_LIMIT, `The message is at most ${MESSAGE_LIMIT} characters.`).optional(),
    notify: z.boolean().optional(),
    content: z
      .string()
      .max(NOTE_LIMIT * 4, `A note is at most ${NOTE_LIMIT} characters.`)
      .optional(),
    then: z.enum(["none", "resolve", "reopen"]).optional(),
  })
  .strict();
export type PerformInput = z.infer<typeof performInput>;

/** The permission each action needs before anything else is looked at (facts 0.2). */
const NEEDS: Record<Exclude<ActionKey, "warning_preset">, Permission> = {
  assign_to_self: "manage_reports",
  unassign: "manage_reports",
  resolve: "manage_reports",
  reopen: "manage_reports",
  note: "manage_reports",
  silence: "manage_reports",
  suspend: "manage_reports",
  delete_statuses: "manage_reports",
  mark_statuses_sensitive: "manage_reports",
  warn: "manage_users",
  sensitive: "manage_users",
  disable: "manage_users",
  unsilence: "manage_users",
  unsensitive: "manage_users",
  unsuspend: "manage_users",
  enable: "manage_users",
};

export function mastodonReportUrl(context: ServerContext, reportId: string): string {
  return `https://${context.config.mastodon.webDomain}/admin/reports/${reportId}`;
}

async function readChoice(context: ServerContext, actor: ReportActor, reportId: string) {
  const state = await context.mastodon.reportActions.readState(reportId, actor.staff.accountId);
  const statuses = await context.mastodon.reportActions.summarizeStatuses(state);
  const url = mastodonReportUrl(context, reportId);
  return { state, url, choice: chooseActions(state, statuses, actor.staff.permissions, actor.staff.accountId, url) };
}

export async function reportActionsFor(
  context: ServerContext,
  actor: ReportActor,
  reportId: string,
): Promise<ReportActionsView> {
  const { state, url, choice } = await readChoice(context, actor, reportId);
  return {
    reportId,
    token: state.token,
    resolved: state.resolved,
    assignedToYou: state.assignedAccountId === actor.staff.accountId,
    assignedTo: state.assignedAcct,
    target: { acct: state.target.acct, local: state.target.local },
    offered: choice.offered,
    notOffered: choice.notOffered,
    mastodonUrl: url,
    noteLimit: NOTE_LIMIT,
  };
}

export async function performReportAction(
  context: ServerContext,
  actor: ReportActor,
  reportId: string,
  input: PerformInput,
): Promise<ReportActionResult> {
  const key = input.action as Exclude<ActionKey, "warning_preset">;
  if (!actor.staff.permissions.can(NEEDS[key])) {
    throw new HowdahError(
      "forbidden",
      `Your Mastodon role lacks the ${NEEDS[key]} permission this needs. Nothing was changed.`,
    );
  }
  const audit = (outcome: "ok" | "refused" | "failed", details: Record<string, unknown>) =>
    context.store().then((store) =>
      recordAudit(store, {
        actor: { accountId: actor.staff.accountId, acct: actor.staff.acct },
        action: AUDIT_KEY[key],
        targetType: "Report",
        target: `#${reportId}`,
        outcome,
        details,
        ip: actor.ip,
      }),
    );
  let result: ReportWriteResult;
  let state: ReportActionState;
  try {
    const read = await readChoice(context, actor, reportId);
    state = read.state;
    const stale = await context.mastodon.reportActions.staleness(state, input.token);
    if (stale) throw new HowdahError("conflict", stale);
    const offer = findOffer(read.choice, key);
    if (!offer) throw new HowdahError("conflict", notOfferedMessage(key, read.choice.notOffered));
    result = await dispatch(context, actor, reportId, key, input, offer);
  } catch (error) {
    if (error instanceof HowdahError && error.code !== "bad_request" && error.code !== "not_found") {
      await audit(error.details?.partial ? "failed" : "refused", { reason: error.message, input: safe(input) }).catch(
        () => undefined,
      );
    }
    throw error;
  }
  await audit("ok", { input: safe(input), ...result });
  return { message: successMessage(key, state, input, result) };
}

async function dispatch(
  context: ServerContext,
  actor: ReportActor,
  reportId: string,
  key: Exclude<ActionKey, "warning_preset">,
  input: PerformInput,
  offer: OfferedAction,
): Promise<ReportWriteResult> {
  const area = context.mastodon.reportActions;
  const who = { accountId: actor.staff.accountId };
  const token = input.token;
  if (key !== "note" && (input.content !== undefined || input.then !== undefined)) {
    throw new HowdahError("bad_request", "Only a note has content and a follow-up. Nothing was changed.");
  }
  if (!offer.takesText && input.text) {
    throw new HowdahError("bad_request", `${ACTION_LABELS[key]} takes no message. Nothing was changed.`);
  }
  const notify = notifyFor(offer, input.notify);
  const text = input.text ?? "";
  switch (key) {
    case "assign_to_self":
    case "unassign":
    case "resolve":
    case "reopen":
      return area.changeState(who, { reportId, token, change: key });
    case "note": {
      const problem = noteProblem(input.content ?? "");
      if (problem) throw new HowdahError("bad_request", problem);
      return area.addNote(who, { reportId, token, content: input.content!, then: input.then ?? "none" });
    }
    case "warn":
    case "sensitive":
    case "silence":
    case "suspend":
    case "disable":
      return area.takeAccountAction(who, { reportId, token, type: key === "warn" ? "none" : key, text, notify });
    case "unsilence":
    case "unsensitive":
    case "unsuspend":
    case "enable":
      return area.reverseAccountAction(who, { reportId, token, type: key });
    case "delete_statuses":
    case "mark_statuses_sensitive":
      return area.takeStatusAction(who, {
        reportId,
        token,
        type: key === "delete_statuses" ? "delete" : "mark_as_sensitive",
        text,
        notify,
        webDomain: context.config.mastodon.webDomain,
      });
  }
}

/** The notify flag: the person's choice where Mastodon offers one, else what Mastodon decides. */
function notifyFor(offer: OfferedAction, asked: boolean | undefined): boolean {
  if (offer.notifyChoice) return asked ?? offer.notifyChoice.default;
  const decided = offer.notifyForced ?? false;
  if (asked !== undefined && asked !== decided) {
    throw new HowdahError(
      "bad_request",
      decided
        ? "Mastodon notifies the person for this action from a report; choosing needs the manage_users " +
            "permission. Nothing was changed."
        : "No notification can be sent here (the account is on another server, or the report is spam and " +
            "choosing needs manage_users). Nothing was changed.",
    );
  }
  return decided;
}

function notOfferedMessage(key: ActionKey, notOffered: { key: ActionKey; because: string; link: string }[]): string {
  const why = notOffered.find((n) => n.key === key);
  if (why) return `${ACTION_LABELS[key]} is not offered here: ${why.because} Do it in Mastodon: ${why.link}`;
  return `${ACTION_LABELS[key]} does not apply to this report as it is now. Nothing was changed.`;
}

function successMessage(key: ActionKey, state: ReportActionState, input: PerformInput, result: ReportWriteResult) {
  const resolved = result.rows.resolvedReports?.split(",").filter(Boolean) ?? [];
  const others = resolved.filter((id) => id !== state.reportId).length;
  const also = others > 0 ? ` ${others} other open report(s) on the account were resolved too.` : "";
  const jobs = result.jobs.length ? ` ${result.jobs.length} job(s) handed to Sidekiq.` : "";
  if (key === "note") {
    const then =
      input.then === "resolve" ? " and the report resolved" : input.then === "reopen" ? " and the report reopened" : "";
    return `Note added${then}.`;
  }
  return `${ACTION_LABELS[key]}: done on report #${state.reportId} (${state.target.acct}).${also}${jobs}`;
}

function safe(input: PerformInput) {
  return { ...input, token: undefined, content: input.content ? `${[...input.content].length} characters` : undefined };
}
