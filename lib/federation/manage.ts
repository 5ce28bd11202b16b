import "server-only";
import { z } from "zod";
import type { Staff } from "@/lib/auth/current-staff";
import { HowdahError } from "@/lib/errors";
import type { BlockChange, WriteSource } from "@/lib/mastodon/federation/area";
import type { ServerContext } from "@/lib/server/context";
import { isMastodonId } from "@/lib/shared/mastodon-id";
import { recordAudit } from "@/lib/store/audit";
import { recordFormBatch } from "./import/batches";

/**
 * The domain block flows: create (or Mastodon's "upgrade" of the domain's own
 * block), edit, remove. Mastodon's rows, log and job come from the gateway's
 * federation area; this adds what Howdah owes: the input's shape, and an
 * entry in Howdah's audit log for every attempt (refusals too), written last,
 * with the row's previous state and where the change came from.
 */
const COMMENT_LIMIT = 5000;
const severity = z.enum(["silence", "suspend", "noop"], { message: "The severity is silence, suspend or noop." });
const fields = {
  severity,
  rejectMedia: z.boolean(),
  rejectReports: z.boolean(),
  obfuscate: z.boolean(),
  privateComment: z.string().max(COMMENT_LIMIT, "The private comment is too long."),
  publicComment: z.string().max(COMMENT_LIMIT, "The public comment is too long."),
  /** Mastodon's confirm_suspension step: a suspension is only made with this set. */
  confirmed: z.boolean().default(false),
};
const id = z.string().refine(isMastodonId, "A block id is a whole number from 1 to 9223372036854775807.");

export const createBlockInput = z.object({ domain: z.string().max(2048, "The domain is too long."), ...fields });
export const updateBlockInput = z.object({ id, ...fields });
export const removeBlockInput = z.object({ id });
export type CreateBlockInput = z.infer<typeof createBlockInput>;
export type UpdateBlockInput = z.infer<typeof updateBlockInput>;

export interface BlockActor {
  staff: Pick<Staff, "accountId" | "acct">;
  ip: string | null;
}

export interface BlockActionResult {
  message: string;
  blockId: string;
  domain: string;
  kind: BlockChange["kind"];
  /** Howdah's batch recording this change (listed on the batches page, can be rolled back). */
  batchId: string;
}

export const AUDIT_ACTION = {
  create: "domain_block.create",
  upgrade: "domain_block.upgrade",
  update: "domain_block.update",
  destroy: "domain_block.destroy",
} as const;

const FORM: WriteSource = { kind: "form" };

export function createDomainBlock(context: ServerContext, actor: BlockActor, input: CreateBlockInput) {
  return audited(context, actor, "create", input.domain.trim(), () =>
    context.mastodon.federation.createBlock({ accountId: actor.staff.accountId }, input, FORM),
  );
}

export function updateDomainBlock(context: ServerContext, actor: BlockActor, input: UpdateBlockInput) {
  return audited(context, actor, "update", `#${input.id}`, () =>
    context.mastodon.federation.updateBlock({ accountId: actor.staff.accountId }, input, FORM),
  );
}

export function removeDomainBlock(context: ServerContext, actor: BlockActor, input: { id: string }) {
  return audited(context, actor, "destroy", `#${input.id}`, () =>
    context.mastodon.federation.destroyBlock({ accountId: actor.staff.accountId }, input, FORM),
  );
}

async function audited(
  context: ServerContext,
  actor: BlockActor,
  attempted: "create" | "update" | "destroy",
  target: string,
  write: () => Promise<BlockChange>,
): Promise<BlockActionResult> {
  const store = await context.store();
  const base = {
    actor: { accountId: actor.staff.accountId, acct: actor.staff.acct },
    targetType: "DomainBlock",
    ip: actor.ip,
  };
  let change: BlockChange;
  try {
    change = await write();
  } catch (error) {
    // Bad input changed nothing and is not worth a record; refusals and half-done writes are.
    if (error instanceof HowdahError && error.code !== "bad_request" && error.code !== "read_only") {
      const partial = error.details?.partial === true;
      await recordAudit(store, {
        ...base,
        action: AUDIT_ACTION[attempted],
        target,
        outcome: partial ? "failed" : "refused",
        details: { reason: error.message, source: FORM, ...error.details },
      }).catch(() => undefined);
    }
    throw error;
  }
  await recordAudit(store, {
    ...base,
    action: AUDIT_ACTION[change.kind],
    target: change.domain,
    details: {
      blockId: change.blockId,
      source: change.source,
      before: change.before,
      after: change.after,
      actionLogId: change.actionLogId,
      job: change.job,
      instances: change.instances,
      lifted: change.lifted,
    },
  });
  // Every block Howdah writes belongs to a batch (issue 12 point 4): a form write is a batch of one, undoable.
  const batchId = await recordFormBatch(context, actor, change);
  return { message: describe(change), blockId: change.blockId, domain: change.domain, kind: change.kind, batchId };
}

function describe(change: BlockChange): string {
  const name = (change.after ?? change.before)?.display ?? change.domain;
  const job = change.job ? ` DomainBlockWorker (job ${change.job.jid}) applies it to existing accounts.` : "";
  const view = change.instances.problem
    ? ` Note: ${change.instances.problem}.`
    : change.instances.reason === "stale-accounts"
      ? ` The instances view was refreshed first, so ${change.instances.staleAccounts} account(s) on newly seen ` +
        "sub-domains are included."
      : "";
  switch (change.kind) {
    case "create":
      return `${name} is now blocked (${change.after?.severity}).${job}${view}`;
    case "upgrade":
      return `The existing block on ${name} was made stricter (${change.after?.severity}).${job}${view}`;
    case "update":
      return `The block on ${name} was saved (${change.after?.severity}).${job}${view}`;
    case "destroy": {
      const lifted = change.lifted!;
      return (
        `The block on ${name} was removed: ${lifted.unsuspended} account(s) unsuspended and ${lifted.unsilenced} ` +
        `unsilenced. What a suspension purged does not come back.${view}`
      );
    }
  }
}
