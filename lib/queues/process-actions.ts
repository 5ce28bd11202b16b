import "server-only";
import { z } from "zod";
import { HowdahError } from "@/lib/errors";
import type { ServerContext } from "@/lib/server/context";
import { recordAudit } from "@/lib/store/audit";
import type { ActionActor } from "./actions";
import { forgetSharedSummaries } from "./summary-share";

/**
 * Quiet or stop one Sidekiq process, as Sidekiq's Web UI Busy page does:
 * the gateway pushes TSTP or TERM onto the process's signal list, which its
 * next heartbeat (within 5 to 10 s) pops. Recorded in Howdah's audit log.
 */
export const processSignalInput = z.object({
  // Sidekiq's identity: "<hostname>:<pid>:<12 hex>" (component.rb #identity).
  identity: z.string().min(1).max(300),
  action: z.enum(["quiet", "stop"]),
});
export type ProcessSignalInput = z.infer<typeof processSignalInput>;

const DOES = {
  quiet: "will stop taking new jobs at its next heartbeat (within 10 seconds) and finish the ones it runs",
  stop:
    "will shut down at its next heartbeat (within 10 seconds), after up to its timeout (25 s by default) " +
    "for running jobs; jobs still unfinished go back to their queues",
};

export async function runProcessSignal(
  context: ServerContext,
  actor: ActionActor,
  input: ProcessSignalInput,
): Promise<{ message: string }> {
  const outcome = await context.mastodon.sidekiq
    .signalProcess(input.identity, input.action)
    .finally(forgetSharedSummaries);
  await recordAudit(await context.store(), {
    actor: { accountId: actor.staff.accountId, acct: actor.staff.acct },
    ip: actor.ip,
    action: input.action === "quiet" ? "sidekiq.quiet_process" : "sidekiq.stop_process",
    targetType: "sidekiq_process",
    target: input.identity.slice(0, 300),
    ...(outcome.sent
      ? { details: { signal: outcome.signal } }
      : { outcome: "refused", details: { signal: outcome.signal, reason: outcome.reason } }),
  });
  if (!outcome.sent && outcome.reason === "gone")
    throw new HowdahError(
      "conflict",
      `Sidekiq process ${input.identity} is no longer running (it sent no heartbeat in the last minute). ` +
        "Nothing was sent.",
    );
  if (!outcome.sent)
    throw new HowdahError(
      "conflict",
      `Sidekiq process ${input.identity} runs embedded in another program, which decides when it stops; ` +
        "Sidekiq does not take signals for it. Nothing was sent.",
    );
  return { message: `Sidekiq process ${input.identity} ${DOES[input.action]}.` };
}
