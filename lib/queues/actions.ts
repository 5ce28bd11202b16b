import "server-only";
import type { AuditAction } from "@/lib/shared/audit-actions";
import { z } from "zod";
import type { Staff } from "@/lib/auth/current-staff";
import { HowdahError } from "@/lib/errors";
import { sourceId } from "@/lib/mastodon/sidekiq/job-source";
import type { ServerContext } from "@/lib/server/context";
import { recordAudit, type AuditInput } from "@/lib/store/audit";
import { describeSource, jobIdSchema, jobSourceSchema } from "./jobs";
import { forgetSharedSummaries } from "./summary-share";

/**
 * Retry now, add to queue, kill, delete (one job or several picked), retry
 * all retries, delete all dead: Sidekiq's own API
 * semantics (the gateway's Sidekiq area), refused on a Mastodon
 * version Howdah does not know, each recorded in Howdah's audit log (a job
 * that was already gone too, as refused). A job is named by the id its row
 * carries (where it was, and a digest of its exact stored string), and
 * removed by that exact string, readable job or not.
 */
export const JOB_ACTIONS = ["retry", "enqueue", "delete", "kill"] as const;
export type JobActionName = (typeof JOB_ACTIONS)[number];

export const jobActionInput = z.object({
  action: z.enum(JOB_ACTIONS),
  source: jobSourceSchema,
  id: jobIdSchema,
});
export type JobActionInput = z.infer<typeof jobActionInput>;

/** Several jobs of one list, picked on a page (at most a page's worth). */
export const jobsActionInput = z.object({
  action: z.enum(JOB_ACTIONS),
  source: jobSourceSchema,
  ids: z.array(jobIdSchema).min(1, "pick at least one job").max(100, "at most 100 jobs at a time"),
});
export type JobsActionInput = z.infer<typeof jobsActionInput>;

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

const AUDIT_ACTION: Record<JobActionName, AuditAction> = {
  retry: "sidekiq.retry_job",
  enqueue: "sidekiq.enqueue_job",
  delete: "sidekiq.delete_job",
  kill: "sidekiq.kill_job",
};

type Outcome = Awaited<ReturnType<ServerContext["mastodon"]["sidekiq"]["jobActions"]>>[number];

/** "ThreadResolveWorker 0123…", or what an entry that is not a job is. */
function jobName(job: Outcome["job"]): string {
  if (!job) return "This job";
  return job.className ? `${job.className} ${job.jid ?? "(no jid)"}` : "This unreadable entry (not a Sidekiq job)";
}

function doneSentence(action: JobActionName, name: string, where: string, outcome: Outcome): string {
  if (action === "retry" || action === "enqueue")
    return `${name} was moved from ${where} to the ${outcome.movedTo} queue and will run shortly.`;
  if (action === "kill") return `${name} was moved from ${where} to the dead set.`;
  return `${name} was deleted from ${where}.`;
}

const goneSentence = (name: string, where: string) =>
  `${name} is no longer in ${where}: Sidekiq has probably run, retried or moved it since the page was loaded.`;

/** One audit row per job, as for a single action: done, or refused because it was gone. */
async function auditOutcomes(
  context: ServerContext,
  actor: ActionActor,
  input: { action: JobActionName; source: JobsActionInput["source"] },
  outcomes: Outcome[],
): Promise<void> {
  for (const outcome of outcomes) {
    const job = outcome.job;
    const details = {
      source: sourceId(input.source),
      id: outcome.id,
      class: job?.className ?? null,
      queue: job?.queue,
      ...(outcome.movedTo ? { movedTo: outcome.movedTo } : {}),
    };
    await audit(context, actor, {
      action: AUDIT_ACTION[input.action],
      targetType: "sidekiq_job",
      target: job?.jid ?? outcome.id,
      ...(outcome.done ? { details } : { outcome: "refused", details: { ...details, reason: "gone" } }),
    });
  }
}

export async function runJobAction(
  context: ServerContext,
  actor: ActionActor,
  input: JobActionInput,
): Promise<{ message: string }> {
  const outcome = await context.mastodon.sidekiq.jobAction(input).finally(forgetSharedSummaries);
  await auditOutcomes(context, actor, input, [outcome]);
  const name = jobName(outcome.job);
  const where = describeSource(input.source);
  if (!outcome.done) throw new HowdahError("conflict", `${goneSentence(name, where)} Nothing was changed.`);
  return { message: doneSentence(input.action, name, where, outcome) };
}

const VERB: Record<JobActionName, string> = {
  retry: "moved to their queues",
  enqueue: "moved to their queues",
  delete: "deleted",
  kill: "moved to the dead set",
};

/**
 * The same action on several picked jobs (the Web UI's checkboxes): each is
 * found by its id and moved by its exact stored string; the ones Sidekiq
 * moved meanwhile are left alone and counted. Answers 409 when none was
 * left, so a page acting on a stale list is told, and refreshes.
 */
export async function runJobsAction(
  context: ServerContext,
  actor: ActionActor,
  input: JobsActionInput,
): Promise<{ message: string; done: number; gone: number; doneIds: string[]; goneIds: string[] }> {
  const outcomes = await context.mastodon.sidekiq.jobActions(input).finally(forgetSharedSummaries);
  await auditOutcomes(context, actor, input, outcomes);
  const doneIds = outcomes.filter((o) => o.done).map((o) => o.id);
  const goneIds = outcomes.filter((o) => !o.done).map((o) => o.id);
  const where = describeSource(input.source);
  const jobs = (n: number) => `${n.toLocaleString("en")} ${n === 1 ? "job" : "jobs"}`;
  if (doneIds.length === 0) {
    throw new HowdahError(
      "conflict",
      `None of the ${jobs(goneIds.length)} picked ${goneIds.length === 1 ? "is" : "are"} still in ${where}: ` +
        "Sidekiq has probably run, retried or moved them since the page was loaded. Nothing was changed.",
      { goneIds },
    );
  }
  const note = goneIds.length
    ? ` ${jobs(goneIds.length)} ${goneIds.length === 1 ? "was" : "were"} no longer in ${where} ` +
      "(Sidekiq had already run, retried or moved them) and left alone."
    : "";
  return {
    message: `${jobs(doneIds.length)} ${doneIds.length === 1 ? "was" : "were"} ${VERB[input.action]}.${note}`,
    done: doneIds.length,
    gone: goneIds.length,
    doneIds,
    goneIds,
  };
}

export async function runBulkAction(
  context: ServerContext,
  actor: ActionActor,
  input: BulkActionInput,
): Promise<{ message: string; count: number }> {
  if (input.action === "retry_all_retries") {
    const { moved, skipped } = await context.mastodon.sidekiq.retryAllRetries().finally(forgetSharedSummaries);
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
  const deleted = await context.mastodon.sidekiq.deleteAllDead().finally(forgetSharedSummaries);
  await audit(context, actor, {
    action: "sidekiq.delete_all_dead",
    targetType: "sidekiq_set",
    target: "dead",
    details: { deleted },
  });
  return { count: deleted, message: `${deleted.toLocaleString("en")} dead jobs were deleted.` };
}
