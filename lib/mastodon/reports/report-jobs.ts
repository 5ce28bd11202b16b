import "server-only";
import { HowdahError } from "@/lib/errors";
import { describeServiceFailure } from "@/lib/mastodon/service-errors";
import { sidekiqKeys } from "@/lib/mastodon/sidekiq/keys";
import { enqueueJob, enqueueMailDelivery } from "@/lib/mastodon/sidekiq-client/enqueue";
import { globalId } from "@/lib/mastodon/sidekiq-client/job-payload";
import {
  LOCAL_NOTIFICATION_WORKER,
  SUSPENSION_WORKER,
  TRIGGER_WEBHOOK_WORKER,
  UNSUSPENSION_WORKER,
  type SidekiqWorker,
} from "@/lib/mastodon/sidekiq-client/workers";
import type { RubyValue } from "@/lib/mastodon/sidekiq/ruby-json";
import type { ReportWriteDeps } from "./locked-write";

/**
 * What Mastodon hands to Sidekiq (and the streaming server) after a report
 * write commits, in the version's payload format (facts D). Each call
 * returns a short description for the result and Howdah's audit record.
 */
export interface ReportJob {
  className: string;
  queue: string;
  /** For the result and the audit record: ids as strings (JSON has no bigint). */
  args: (string | number | boolean)[];
  jid: string;
}

const printable = (args: RubyValue[]) => args.map((a) => (typeof a === "bigint" ? a.toString() : (a as string)));

export type PlannedJob =
  | { kind: "webhook"; event: "report.updated" | "account.updated" | "status.updated"; type: string; id: string }
  | { kind: "warning"; targetAccountId: string; userId: string; warningId: string; locale: string }
  | { kind: "suspension"; accountId: string }
  | { kind: "unsuspension"; accountId: string }
  | { kind: "kill"; accountId: string };

/** Runs the planned jobs in order. A failure says what is already saved and what did not reach Sidekiq. */
export async function runPlannedJobs(deps: ReportWriteDeps, plan: PlannedJob[], saved: string): Promise<ReportJob[]> {
  const done: ReportJob[] = [];
  for (const job of plan) {
    try {
      done.push(...(await runOne(deps, job)));
    } catch (error) {
      const missing = plan.slice(plan.indexOf(job)).map(describePlanned);
      throw new HowdahError(
        "unavailable",
        `${saved} That is saved in Mastodon's database, but Howdah could not hand ${missing.join(", ")} to ` +
          `Sidekiq or Redis (${describeServiceFailure(error)}). Do not repeat the action; tell an admin.`,
        { partial: true },
      );
    }
  }
  return done;
}

async function runOne(deps: ReportWriteDeps, job: PlannedJob): Promise<ReportJob[]> {
  const { mastodon, version } = deps;
  const keys = sidekiqKeys(mastodon.keyPrefix);
  const push = async (worker: SidekiqWorker, args: RubyValue[]): Promise<ReportJob> => {
    const pushed = await enqueueJob(mastodon.sidekiqRedis, keys, version.sidekiqFormat, { ...worker, args });
    return { className: pushed.className, queue: pushed.queue, args: printable(args), jid: pushed.jid };
  };
  switch (job.kind) {
    case "webhook":
      return [await push(TRIGGER_WEBHOOK_WORKER, [job.event, job.type, BigInt(job.id)])];
    case "suspension":
      return [await push(SUSPENSION_WORKER, [BigInt(job.accountId)])];
    case "unsuspension":
      return [await push(UNSUSPENSION_WORKER, [BigInt(job.accountId)])];
    case "kill": {
      // Account#suspend! and User#disable!: the streaming server drops the account's connections.
      await mastodon.redis.publish(`${mastodon.keyPrefix}timeline:system:${job.accountId}`, '{"event":"kill"}');
      return [];
    }
    case "warning": {
      // Admin::BaseAction#process_notification! (4.6) / AccountAction (4.3): mail first, then the notification.
      const mail = await enqueueMailDelivery(mastodon.sidekiqRedis, keys, version.sidekiqFormat, {
        mailer: "UserMailer",
        action: "warning",
        deliveryMethod: "deliver_now!",
        args: [globalId("User", job.userId), globalId("AccountWarning", job.warningId)],
        locale: job.locale,
      });
      const notify = await push(LOCAL_NOTIFICATION_WORKER, [
        BigInt(job.targetAccountId),
        BigInt(job.warningId),
        "AccountWarning",
        "moderation_warning",
      ]);
      return [{ className: mail.className, queue: mail.queue, args: ["UserMailer", "warning"], jid: mail.jid }, notify];
    }
  }
}

function describePlanned(job: PlannedJob): string {
  switch (job.kind) {
    case "webhook":
      return `the ${job.event} webhook job`;
    case "warning":
      return "the warning e-mail and notification";
    case "suspension":
      return "Admin::SuspensionWorker";
    case "unsuspension":
      return "Admin::UnsuspensionWorker";
    case "kill":
      return "the streaming disconnect";
  }
}
