import "server-only";
import { z } from "zod";
import type { Staff } from "@/lib/auth/current-staff";
import { HowdahError } from "@/lib/errors";
import type { AllowChange, AllowRow } from "@/lib/mastodon/federation/area";
import type { ServerContext } from "@/lib/server/context";
import { isMastodonId } from "@/lib/shared/mastodon-id";
import { recordAudit } from "@/lib/store/audit";

/**
 * Domain allows: in limited federation mode (LIMITED_FEDERATION_MODE, read
 * by Mastodon 4.3 into x.limited_federation_mode and by 4.6 into
 * x.mastodon.limited_federation_mode; Howdah reads the same variable) only
 * allowed domains federate. Removing an allow there destroys that domain's
 * accounts and the reports by or against them, so the removal is previewed
 * with those counts and must be confirmed with them.
 */
const id = z.string().refine(isMastodonId, "An allow id is a whole number.");
export const createAllowInput = z.object({ domain: z.string().max(2048, "The domain is too long.") });
export const removeAllowInput = z.object({ id, confirmed: z.boolean().default(false) });
export const allowRemovalInput = z.object({ id });

export interface AllowList {
  limitedFederationMode: boolean;
  rows: AllowRow[];
}

export interface AllowRemovalPreview {
  allow: AllowRow;
  limitedFederationMode: boolean;
  /** Accounts of exactly this domain: suspended now, then deleted by AfterUnallowDomainWorker. */
  accounts: number;
  /** Reports by or against them, destroyed with the accounts. */
  reports: number;
  openReports: number;
  /** The sentence the confirmation shows. */
  warning: string;
}

export interface AllowActor {
  staff: Pick<Staff, "accountId" | "acct">;
  ip: string | null;
}

export async function listDomainAllows(context: ServerContext): Promise<AllowList> {
  return {
    limitedFederationMode: context.config.mastodon.limitedFederationMode,
    rows: await context.mastodon.federation.listAllows(),
  };
}

export async function previewAllowRemoval(context: ServerContext, allowId: string): Promise<AllowRemovalPreview> {
  const figures = await context.mastodon.federation.readAllowRemovalFigures(allowId);
  if (!figures) throw new HowdahError("not_found", "This domain allow no longer exists.");
  const limited = context.config.mastodon.limitedFederationMode;
  const name = figures.allow.display;
  const warning = limited
    ? `Removing the allow on ${name} stops federation with it and makes Mastodon delete its ` +
      `${plural(figures.accounts, "account")} with their posts and media, and the ` +
      `${plural(figures.reports, "report")} by or against them (${figures.openReports} open). ` +
      "This cannot be undone: allowing the domain again does not bring them back."
    : `This instance is not in limited federation mode: removing the allow on ${name} only deletes the allow; ` +
      "its accounts and reports stay.";
  return { ...figures, limitedFederationMode: limited, warning };
}

const plural = (n: number, noun: string) => `${n.toLocaleString("en")} ${noun}${n === 1 ? "" : "s"}`;

export async function createDomainAllow(
  context: ServerContext,
  actor: AllowActor,
  input: z.infer<typeof createAllowInput>,
): Promise<{ message: string; change: AllowChange }> {
  const change = await context.mastodon.federation.createAllow({ accountId: actor.staff.accountId }, input.domain);
  await audit(context, actor, change);
  return { message: `${change.allow.display} is allowed.`, change };
}

export async function removeDomainAllow(
  context: ServerContext,
  actor: AllowActor,
  input: z.infer<typeof removeAllowInput>,
): Promise<{ message: string; change: AllowChange }> {
  const limited = context.config.mastodon.limitedFederationMode;
  if (limited && !input.confirmed) {
    const preview = await previewAllowRemoval(context, input.id);
    throw new HowdahError("bad_request", `Confirm first. ${preview.warning} Nothing was changed.`);
  }
  const change = await context.mastodon.federation.destroyAllow(
    { accountId: actor.staff.accountId },
    { id: input.id, limitedFederationMode: limited },
  );
  await audit(context, actor, change);
  const message = limited
    ? `The allow on ${change.allow.display} was removed: ${plural(change.suspendedAccounts, "account")} ` +
      "suspended, and AfterUnallowDomainWorker will delete them and their reports."
    : `The allow on ${change.allow.display} was removed.`;
  return { message, change };
}

async function audit(context: ServerContext, actor: AllowActor, change: AllowChange): Promise<void> {
  await recordAudit(await context.store(), {
    actor: { accountId: actor.staff.accountId, acct: actor.staff.acct },
    action: change.kind === "create" ? "domain_allow.create" : "domain_allow.destroy",
    targetType: "DomainAllow",
    target: change.allow.domain,
    ip: actor.ip,
    details: {
      allowId: change.allow.id,
      actionLogId: change.actionLogId,
      suspendedAccounts: change.suspendedAccounts,
      job: change.job,
      instances: change.instances,
    },
  });
}
