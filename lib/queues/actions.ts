import { z } from "zod";
import type { Staff } from "@/lib/auth/current-staff";
import { HowdahError } from "@/lib/errors";
import { clearDeadJobs, deleteJob, requeueJob, retryAllJobs } from "@/lib/mastodon/sidekiq/job-actions";
import { sourceId, type JobSource } from "@/lib/mastodon/sidekiq/keys";
import { parseJobPayload } from "@/lib/mastodon/sidekiq/repush";
import { asServiceError } from "@/lib/mastodon/service-errors";
import { assertWritable } from "@/lib/mastodon/version";
import type { ServerContext } from "@/lib/server/context";
import { recordAudit, type AuditInput } from "@/lib/store/audit";
import { describeSource, jobSourceSchema, requireSet } from "./jobs";
import { sidekiqAccess, withSidekiq, type SidekiqAccess } from "./sidekiq-access";

/**
 * Retry now, delete, retry all retries, delete all dead: Sidekiq's own API
 * semantics (lib/mastodon/sidekiq/job-actions.ts), refused on a Mastodon
 * version Howdah does not know, each recorded in Howdah's audit log (a job
 * that was already gone too, as refused). A job is named by its exact
 * stored string; the page sends it back verbatim.
 */
export const jobActionInput = z.object({
  action: z.enum(["retry", "delete"]),
  source: jobSourceSchema,
  payload: z.string().min(2).max(4_000_000),
});
export type JobActionInput = z.infer<typeof jobActionInput>;

export const bulkActionInput = z.object({ action: z.enum(["retry_all_retries", "delete_all_dead"]) });
export type BulkActionInput = z.infer<typeof bulkActionInput>;

export interface ActionActor {
  staff: Pick<Staff, "accountId" | "acct">;
  ip: string | null;
}

async function writableAccess(context: ServerContext): Promise<SidekiqAccess> {
  const access = await sidekiqAccess(context);
  if (!access.version) throw asServiceError("PostgreSQL", access.versionError);
  assertWritable(access.version);
  return access;
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
  const access = await writableAccess(context);
  const job = parseJobPayload(input.payload);
  const jid = job.get("jid") as string;
  const className = String(job.get("wrapped") ?? job.get("class"));
  const source: JobSource = input.source;
  const where = describeSource(source);
  const details = {
    source: sourceId(source),
    class: className,
    queue: typeof job.get("queue") === "string" ? job.get("queue") : null,
  };

  let done: boolean;
  let message: string;
  if (input.action === "retry") {
    const set = requireSet(source);
    const result = await withSidekiq(() =>
      requeueJob(access.redis, access.keys, set, input.payload, { format: access.format }),
    );
    done = result.moved;
    message = `${className} ${jid} was moved from ${where} to the ${result.queue} queue and will run shortly.`;
  } else {
    done = await withSidekiq(() => deleteJob(access.redis, access.keys, source, input.payload));
    message = `${className} ${jid} was deleted from ${where}.`;
  }
  const action = input.action === "retry" ? "sidekiq.retry_job" : "sidekiq.delete_job";
  if (!done) {
    await audit(context, actor, {
      action,
      targetType: "sidekiq_job",
      target: jid,
      outcome: "refused",
      details: { ...details, reason: "gone" },
    });
    throw new HowdahError(
      "conflict",
      `${className} ${jid} is no longer in ${where}: Sidekiq has probably run, retried or moved it since the page was loaded. Nothing was changed.`,
    );
  }
  await audit(context, actor, { action, targetType: "sidekiq_job", target: jid, details });
  return { message };
}

export async function runBulkAction(
  context: ServerContext,
  actor: ActionActor,
  input: BulkActionInput,
): Promise<{ message: string; count: number }> {
  const access = await writableAccess(context);
  if (input.action === "retry_all_retries") {
    const { moved, skipped } = await withSidekiq(() =>
      retryAllJobs(access.redis, access.keys, { format: access.format }),
    );
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
  const deleted = await withSidekiq(() => clearDeadJobs(access.redis, access.keys));
  await audit(context, actor, {
    action: "sidekiq.delete_all_dead",
    targetType: "sidekiq_set",
    target: "dead",
    details: { deleted },
  });
  return { count: deleted, message: `${deleted.toLocaleString("en")} dead jobs were deleted.` };
}
