import "server-only";
import { z } from "zod";
import { HowdahError } from "@/lib/errors";
import type { ServerContext } from "@/lib/server/context";
import { isMastodonId } from "@/lib/shared/mastodon-id";
import { BULK_ACTIONS, BULK_LIMIT, type BulkAction, type BulkResult } from "@/lib/shared/report-actions";
import { recordAudit } from "@/lib/store/audit";
import { AUDIT_KEY } from "./audit-keys";
import type { ReportActor } from "./perform";

/**
 * Bulk assign-to-me, unassign and resolve from the queue. Each report is
 * read, checked and written on its own (its own transaction and row locks,
 * with the token just read), so one refusal does not stop the others, and a
 * report already in the asked state, or changed by someone else between
 * the read and the lock, is reported and left alone: nothing is done twice.
 */
export const bulkInput = z
  .object({
    action: z.enum(BULK_ACTIONS, { message: "The action is assign_to_self, unassign or resolve." }),
    reportIds: z
      .array(z.string().max(30), { message: "reportIds is a list of report ids." })
      .min(1, "Choose at least one report.")
      .max(BULK_LIMIT, `At most ${BULK_LIMIT} reports at once.`),
  })
  .strict();
export type BulkInput = z.infer<typeof bulkInput>;

const PAST: Record<BulkAction, string> = {
  assign_to_self: "assigned to you",
  unassign: "unassigned",
  resolve: "resolved",
};

export async function bulkReportAction(
  context: ServerContext,
  actor: ReportActor,
  input: BulkInput,
): Promise<BulkResult> {
  if (!actor.staff.permissions.can("manage_reports")) {
    throw new HowdahError("forbidden", "Your Mastodon role lacks the manage_reports permission this needs.");
  }
  const area = context.mastodon.reportActions;
  const store = await context.store();
  const seen = new Set<string>();
  const results: BulkResult["results"] = [];
  for (const id of input.reportIds) {
    if (!isMastodonId(id)) {
      results.push({ id, ok: false, message: "Not a report id; nothing was done." });
      continue;
    }
    if (seen.has(id)) {
      results.push({ id, ok: false, message: "Listed twice; done once." });
      continue;
    }
    seen.add(id);
    try {
      const state = await area.readState(id, actor.staff.accountId);
      const result = await area.changeState(
        { accountId: actor.staff.accountId },
        { reportId: id, token: state.token, change: input.action },
      );
      await recordAudit(store, {
        actor: { accountId: actor.staff.accountId, acct: actor.staff.acct },
        action: AUDIT_KEY[input.action],
        targetType: "Report",
        target: `#${id}`,
        details: { bulk: true, ...result },
        ip: actor.ip,
      });
      results.push({ id, ok: true, message: `Report #${id} ${PAST[input.action]}.` });
    } catch (error) {
      if (!(error instanceof HowdahError) || error.code === "unavailable") throw withProgress(error, results);
      results.push({ id, ok: false, message: error.message });
    }
  }
  return { results };
}

/** An outage mid-way: say which reports were already done. */
function withProgress(error: unknown, results: BulkResult["results"]): unknown {
  const done = results.filter((r) => r.ok).map((r) => `#${r.id}`);
  if (done.length === 0) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new HowdahError(
    "unavailable",
    `${message} Before that, these were done: ${done.join(", ")}. The others were not touched.`,
  );
}
