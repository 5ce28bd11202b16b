import "server-only";
import { z } from "zod";
import { isMastodonId } from "@/lib/shared/mastodon-id";
import type { Staff } from "@/lib/auth/current-staff";
import { HowdahError } from "@/lib/errors";
import type { RelaySite, RelayWriteResult } from "@/lib/mastodon/relays/area";
import type { ServerContext } from "@/lib/server/context";
import { recordAudit } from "@/lib/store/audit";
import { assertRelaysAvailable } from "./availability";

/**
 * The relay admin flows: add, enable, disable, remove. Mastodon's rows, log
 * and Sidekiq job come from the gateway's relays area; this adds
 * what Howdah itself owes: the limited-federation refusal, and an entry in
 * Howdah's audit log for every attempt (refusals too), written last.
 */
export const addRelayInput = z.object({ inboxUrl: z.string().max(2048, "The inbox URL is too long.") });
export const relayActionInput = z.object({
  id: z.string().refine(isMastodonId, "A relay id is a whole number from 1 to 9223372036854775807."),
  action: z.enum(["enable", "disable", "remove"]),
});
export type RelayActionInput = z.infer<typeof relayActionInput>;

export interface RelayActor {
  staff: Pick<Staff, "accountId" | "acct">;
  ip: string | null;
}

export interface RelayActionResult {
  message: string;
  relayId: string | null;
  state: string | null;
}

export const AUDIT_ACTION = {
  create: "relay.create",
  enable: "relay.enable",
  disable: "relay.disable",
  destroy: "relay.destroy",
} as const;

/** The site's names the relay writes build activities and cache keys with. */
function relaySite(context: ServerContext): RelaySite {
  const { webDomain, localDomain, redisNamespace } = context.config.mastodon;
  return { webDomain, localDomain, redisNamespace };
}

export async function addRelay(
  context: ServerContext,
  actor: RelayActor,
  input: z.infer<typeof addRelayInput>,
): Promise<RelayActionResult> {
  assertRelaysAvailable(context);
  return audited(context, actor, "create", { target: input.inboxUrl.trim() }, (site) =>
    context.mastodon.relays.create(site, actor.staff, input.inboxUrl),
  );
}

export async function actOnRelay(
  context: ServerContext,
  actor: RelayActor,
  input: RelayActionInput,
): Promise<RelayActionResult> {
  assertRelaysAvailable(context);
  const action = input.action === "remove" ? "destroy" : input.action;
  const relays = context.mastodon.relays;
  return audited(context, actor, action, { target: `#${input.id}` }, (site) =>
    relays[action](site, actor.staff, input.id),
  );
}

async function audited(
  context: ServerContext,
  actor: RelayActor,
  action: keyof typeof AUDIT_ACTION,
  attempt: { target: string },
  write: (site: RelaySite) => Promise<RelayWriteResult>,
): Promise<RelayActionResult> {
  const store = await context.store();
  const base = {
    actor: { accountId: actor.staff.accountId, acct: actor.staff.acct },
    action: AUDIT_ACTION[action],
    targetType: "Relay",
    ip: actor.ip,
  };
  let result: RelayWriteResult;
  try {
    result = await write(relaySite(context));
  } catch (error) {
    if (error instanceof HowdahError && error.code !== "bad_request" && error.code !== "read_only") {
      const partial = error.details?.partial === true;
      await recordAudit(store, {
        ...base,
        target: attempt.target,
        outcome: partial ? "failed" : "refused",
        details: { reason: error.message },
      }).catch(() => undefined);
    }
    throw error;
  }
  const relay = result.relay ?? result.before;
  await recordAudit(store, {
    ...base,
    target: relay?.inboxUrl ?? attempt.target,
    details: {
      relayId: relay?.id ?? null,
      from: result.before?.state ?? null,
      to: result.relay?.state ?? (action === "destroy" ? "removed" : null),
      deliveries: result.deliveries,
      actionLogIds: result.actionLogIds,
      trackerReset: result.trackerReset,
    },
  });
  return { message: describe(result), relayId: relay?.id ?? null, state: result.relay?.state ?? null };
}

function describe(result: RelayWriteResult): string {
  const url = (result.relay ?? result.before)?.inboxUrl ?? "The relay";
  const sent = result.deliveries
    .map((d) => `${d.type === "Follow" ? "a Follow" : "an Undo"} (job ${d.jid})`)
    .join(" and ");
  switch (result.action) {
    case "create":
      return (
        `${url} was added. Mastodon will send ${sent} from the instance actor; ` +
        "it shows as waiting for approval until the relay accepts."
      );
    case "enable":
      return (
        `${url} was enabled. Mastodon will send ${sent}; ` + "it shows as waiting for approval until the relay accepts."
      );
    case "disable":
      return `${url} was disabled. Mastodon will send ${sent} so the relay stops delivering.`;
    case "destroy":
      return sent ? `${url} was removed after Mastodon was handed ${sent}.` : `${url} was removed.`;
  }
}
