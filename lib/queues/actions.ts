import "server-only";
import { z } from "zod";
import type { Staff } from "@/lib/auth/current-staff";
import { HowdahError } from "@/lib/errors";
import { sourceId } from "@/lib/mastodon/sidekiq/job-source";
import type { ServerContext } from "@/lib/server/context";
import { recordAudit, type AuditInput } from "@/lib/store/audit";
import { describeSource, jobIdSchema, jobSourceSchema } from "./jobs";

/**
 * Retry now, delete, retry all retries, delete all dead: Sidekiq's own API
 * semantics (the gateway's Sidekiq area), refused on a Mastodon
 * version Howdah does not know, each recorded in Howdah's audit log (a job
 * that was already gone too, as refused). A job is named by the id its row
 * carries (where it was, and a digest of its exact stored string), and
 * removed by that exact string, readable job or not.
 */
export const jobActionInput = z.object({
  action: z.enum(["retry", "delete"]),
  source: jobSourceSchema,
  id: jobIdSchema,
});
export type JobActionInput = z.infer<typeof jobActionInput>;

export const bulkActionInput = z.object({ action: z.enum(["retry_all_retries", "delete_all_dead"]) });
export type BulkActionInput = z.infer<typeof bulkActionInput>;

export interface ActionActor {
  staff: Pick<Staff, "accountId" | "acct">;
  ip: string | null;
}

async function audit(
  context: ServerContext,
  actor: ActionActor,
  entry: Omit<AuditInput, "actor" | "ip">,
): Promise<void> {
  await recordAudit(await context.store(), {
    ...entry,
    actor: { accountId: actor.staff.accountId, acct: actor.staff.acct },
    ip: actor.ip,
  });
}

export async function runJobAction(
  context: ServerContext,
  actor: ActionActor,
  input: JobActionInput,
): Promise<{ message: string }> {
  const outcome = await context.mastodon.sidekiq.jobAction(input);
  const job = outcome.job;
  // "ThreadResolveWorker 0123…", or what an entry that is not a job is.
  const name = !job
    ? "This job"
    : job.className
      ? `${job.className} ${job.jid ?? "(no jid)"}`
      : "This unreadable entry (not a Sidekiq job)";
  const where = describeSource(input.source);
  const details = { source: sourceId(input.source), id: input.id, class: job?.className ?? null, queue: job?.queue };
  const message =
    input.action === "retry"
      ? `${name} was moved from ${where} to the ${outcome.movedTo} queue and will run shortly.`
      : `${name} was deleted from ${where}.`;
  const action = input.action === "retry" ? "sidekiq.retry_job" : "sidekiq.delete_job";
  const target = job?.jid ?? input.id;
  if (!outcome.done) {
    await audit(context, actor, {
      action,
      targetType: "sidekiq_job",
      target,
      outcome: "refused",
      details: { ...details, reason: "gone" },
    });
    throw new HowdahError(
      "conflict",
      `${name} is no longer in ${where}: Sidekiq has probably run, retried or moved it ` +
        "since the page was loaded. Nothing was changed.",
    );
  }
  await audit(context, actor, { action, targetType: "sidekiq_job", target, details });
  return { message };
}

export async function runBulkAction(
  context: ServerContext,
  actor: ActionActor,
  input: BulkActionInput,
): Promise<{ message: string; count: number }> {
  if (input.action === "retry_all_retries") {
    const { moved, skipped } = await context.mastodon.sidekiq.retryAllRetries();
    await audit(context, actor, {
      action: "sidekiq.retry_all",
      targetType: "sidekiq_set",
      target: "retry",
      details: { moved, skipped },
    });
    const note = skipped ? ` ${skipped} entries that are not readable jobs were left in place.` : "";
    return {
      count: moved,
      message: `${moved.toLocaleString("en")} jobs were moved from the retry set back to their queues.${note}`,
    };
  }
  const deleted = await context.mastodon.sidekiq.deleteAllDead();
  await audit(context, actor, {
    action: "sidekiq.delete_all_dead",
    targetType: "sidekiq_set",
    target: "dead",
    details: { deleted },
  });
  return { count: deleted, message: `${deleted.toLocaleString("en")} dead jobs were deleted.` };
}
