import "server-only";
import { z } from "zod";
import { HowdahError } from "@/lib/errors";
import type { ServerContext } from "@/lib/server/context";
import { isMastodonId } from "@/lib/shared/mastodon-id";
import { BULK_ACTIONS, BULK_LIMIT, type BulkAction, type BulkResult } from "@/lib/shared/report-actions";
import { recordAudit, type AuditInput } from "@/lib/store/audit";
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

const CONCURRENCY = 4;

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
  // Howdah's own audit records are written after the reports, a few at a time: Mastodon's rows come first.
  const audits: AuditInput[] = [];
  try {
    await changeEach();
  } finally {
    for (let i = 0; i < audits.length; i += 20) {
      await Promise.all(audits.slice(i, i + 20).map((entry) => recordAudit(store, entry)));
    }
  }
  return { results };

  async function changeEach() {
    const todo: { id: string; slot: number }[] = [];
    for (const id of input.reportIds) {
      if (!isMastodonId(id)) results.push({ id, ok: false, message: "Not a report id; nothing was done." });
      else if (seen.has(id)) results.push({ id, ok: false, message: "Listed twice; done once." });
      else {
        seen.add(id);
        todo.push({ id, slot: results.length });
        results.push({ id, ok: false, message: "Not done: the bulk action stopped before this report." });
      }
    }
    // A few reports at a time: each is its own transaction locking only its own row, so they cannot deadlock.
    let next = 0;
    let outage: unknown = null;
    const worker = async () => {
      while (outage === null && next < todo.length) {
        const { id, slot } = todo[next++]!;
        try {
          const result = await area.changeOneOfMany(
            { accountId: actor.staff.accountId },
            { reportId: id, change: input.action },
          );
          audits.push({
            actor: { accountId: actor.staff.accountId, acct: actor.staff.acct },
            action: AUDIT_KEY[input.action],
            targetType: "Report",
            target: `#${id}`,
            details: { bulk: true, ...result },
            ip: actor.ip,
          });
          results[slot] = { id, ok: true, message: `Report #${id} ${PAST[input.action]}.` };
        } catch (error) {
          if (!(error instanceof HowdahError) || error.code === "unavailable") outage ??= error;
          else results[slot] = { id, ok: false, message: error.message };
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, todo.length) }, worker));
    if (outage !== null) throw withProgress(outage, results);
  }
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
