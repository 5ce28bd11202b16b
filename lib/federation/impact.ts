import "server-only";
import { z } from "zod";
import { HowdahError } from "@/lib/errors";
import {
  describePolicy,
  guardMessage,
  needsSuspendConfirmation,
  stricterThan,
  type BlockPolicy,
  type DomainBlockRow,
  type DomainFigures,
} from "@/lib/mastodon/federation/area";
import type { MastodonRelease } from "@/lib/mastodon/version";
import type { ServerContext } from "@/lib/server/context";
import { isMastodonId } from "@/lib/shared/mastodon-id";
import { countHostJobs, type HostJobs } from "./host-jobs";

/**
 * What a block change will do, before it is made: Mastodon shows only a
 * yes/no "has relationships" flag. For a create, an upgrade, an edit or a
 * removal it gives the accounts on the domain and its sub-domains and what
 * happens to them, the follows with local accounts a suspension severs (and
 * the local accounts that lose the most), the cached media that will be
 * purged, open reports involving the domain, the Sidekiq work for it, what a
 * removal or a de-escalation does NOT bring back, and the guard's verdict.
 * Everything follows the facts of DomainBlockWorker / BlockDomainService
 * and UnblockDomainService (facts A4, A5) for the detected version.
 */
const booleanParam = z.enum(["true", "false"]).transform((v) => v === "true");
const idParam = z.string().refine(isMastodonId, "A block id is a whole number.");
const severityParam = z.enum(["silence", "suspend", "noop"], {
  message: "The severity is silence, suspend or noop.",
});

export const impactInput = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("create"),
    domain: z.string().max(2048, "The domain is too long."),
    severity: severityParam,
    rejectMedia: booleanParam,
    rejectReports: booleanParam,
  }),
  z.object({
    kind: z.literal("update"),
    id: idParam,
    severity: severityParam,
    rejectMedia: booleanParam,
    rejectReports: booleanParam,
  }),
  z.object({ kind: z.literal("remove"), id: idParam }),
]);
export type ImpactInput = z.infer<typeof impactInput>;

export interface AccountEffects {
  total: number;
  onSubdomains: number;
  byDomain: { domain: string; accounts: number }[];
  willSuspend: number;
  willSilence: number;
  willUnsuspend: number;
  willUnsilence: number;
  /** Accounts whose domain the instances view lacks; the write refreshes the view so they are reached. */
  staleInView: number;
}

export interface BlockImpact {
  action: "create" | "upgrade" | "update" | "remove";
  domain: string;
  display: string;
  before: DomainBlockRow | null;
  policy: BlockPolicy | null;
  /** Null when the change may go ahead, else why the guard refuses it. */
  refusal: string | null;
  needsConfirmation: boolean;
  /** The block on a parent domain that applies to this domain today (other than its own). */
  parent: DomainBlockRow | null;
  /** Sub-domain blocks looser than the new policy: Mastodon keeps applying them to their hosts. */
  looserSubdomainBlocks: DomainBlockRow[];
  accounts: AccountEffects;
  /** Only when accounts will be suspended: what DeleteAccountService purges. */
  severed: DomainFigures["follows"] | null;
  media: DomainFigures["media"] & { purged: "all" | "attachments-and-profiles" | "emoji-only" | "none"; why: string };
  reports: DomainFigures["reports"];
  jobs: HostJobs;
  /** Removal or de-escalation: what does not come back. */
  notComingBack: {
    purgedAccounts: number;
    severedRelationships: number;
    severedLocalAccounts: number;
    stillSuspended: number;
    stillSilenced: number;
  } | null;
  /** What Mastodon will do, step by step, for the detected version. */
  steps: string[];
}

export async function previewBlockChange(context: ServerContext, input: ImpactInput): Promise<BlockImpact> {
  const federation = context.mastodon.federation;
  const version = await context.mastodon.version();
  let domain: string;
  let before: DomainBlockRow | null;
  if (input.kind === "create") {
    const checked = federation.normalizeDomain(input.domain);
    if (!checked.ok) throw new HowdahError("bad_request", checked.message);
    domain = checked.domain;
    before = null;
  } else {
    before = await federation.readBlock(input.id);
    if (!before) throw new HowdahError("not_found", "This domain block no longer exists; nothing to preview.");
    domain = before.domain;
  }
  const [covering, children, jobs] = await Promise.all([
    federation.coveringBlocks(domain),
    federation.subdomainBlocks(domain),
    countHostJobs(context, domain),
  ]);
  const own = covering.find((b) => b.domain === domain) ?? null;
  if (input.kind === "create") before = own;
  const action = input.kind === "create" ? (own ? "upgrade" : "create") : input.kind;
  const figures = await federation.readDomainFigures(domain, before?.id ?? null);
  const policy: BlockPolicy | null =
    input.kind === "remove"
      ? null
      : { severity: input.severity, rejectMedia: input.rejectMedia, rejectReports: input.rejectReports };
  const refusal = policy ? guardMessage(covering, domain, policy, input.kind === "create") : null;
  const parent = covering.find((b) => b.domain !== domain) ?? null;
  const effects = accountEffects(figures, before, policy, action);
  const suspending = policy?.severity === "suspend";
  return {
    action,
    domain,
    display: federation.displayDomain(domain),
    before,
    policy,
    refusal,
    needsConfirmation: policy ? needsSuspendConfirmation(before, { severity: policy.severity! }) : false,
    parent,
    looserSubdomainBlocks: policy ? children.filter((c) => !stricterThan(c, policy)) : [],
    accounts: effects,
    severed: suspending ? figures.follows : null,
    media: { ...figures.media, ...mediaFate(version.release, policy) },
    reports: figures.reports,
    jobs,
    notComingBack: notComingBack(figures, before, policy, action),
    steps: steps(version.release, action, before, policy, figures, parent),
  };
}

/**
 * BlockDomainService#process_domain_block! then, with the update flag,
 * process_retroactive_updates!; or UnblockDomainService for a removal.
 */
function accountEffects(
  f: DomainFigures,
  before: DomainBlockRow | null,
  policy: BlockPolicy | null,
  action: BlockImpact["action"],
): AccountEffects {
  const a = f.accounts;
  const base = {
    total: a.total,
    onSubdomains: a.onSubdomains,
    byDomain: a.byDomain,
    staleInView: a.staleInView,
    willSuspend: 0,
    willSilence: 0,
    willUnsuspend: 0,
    willUnsilence: 0,
  };
  if (action === "remove") {
    return {
      ...base,
      willUnsilence: before?.severity === "noop" ? 0 : a.markedSilenced,
      willUnsuspend: before?.severity === "suspend" ? a.markedSuspended : 0,
    };
  }
  const severity = policy?.severity;
  // Only an edit that changes the severity sends the update flag (severity_previously_changed?).
  const retroactive = action === "update" && before?.severity !== severity;
  return {
    ...base,
    willSuspend: severity === "suspend" ? a.total - a.suspended : 0,
    // Suspended accounts have silenced_at NULL after purge_profile!, so a de-escalation to silence re-silences them.
    willSilence: severity === "silence" ? a.total - a.silenced : 0,
    willUnsuspend: retroactive && severity !== "suspend" ? a.markedSuspended : 0,
    willUnsilence: retroactive && severity !== "silence" ? a.markedSilenced : 0,
  };
}

function mediaFate(
  release: MastodonRelease | null,
  policy: BlockPolicy | null,
): { purged: BlockImpact["media"]["purged"]; why: string } {
  if (!policy) {
    return { purged: "none", why: "Removing a block purges nothing; media already purged is not downloaded again." };
  }
  if (policy.severity === "suspend") {
    if (release === "4.3") {
      return policy.rejectMedia
        ? { purged: "all", why: "Suspension deletes attachments and profile images; reject media also clears emoji." }
        : {
            purged: "attachments-and-profiles",
            why: "Suspension deletes attachments and profile images (custom emoji are kept on Mastodon 4.3).",
          };
    }
    return { purged: "all", why: "Suspension deletes attachments and profile images, and purges custom emoji." };
  }
  if (policy.rejectMedia) {
    return {
      purged: "all",
      why: "Reject media clears cached attachments, profile images and custom emoji (DomainClearMediaWorker).",
    };
  }
  return { purged: "none", why: "Nothing is purged: neither suspension nor reject media." };
}

function notComingBack(
  f: DomainFigures,
  before: DomainBlockRow | null,
  policy: BlockPolicy | null,
  action: BlockImpact["action"],
): BlockImpact["notComingBack"] {
  const liftsSuspension =
    before?.severity === "suspend" && (action === "remove" || (action === "update" && policy?.severity !== "suspend"));
  const liftsSilence =
    before?.severity === "silence" && (action === "remove" || (action === "update" && policy?.severity !== "silence"));
  if (!liftsSuspension && !liftsSilence) return null;
  return {
    purgedAccounts: liftsSuspension ? f.accounts.markedSuspended : 0,
    severedRelationships: liftsSuspension ? f.severed.relationships : 0,
    severedLocalAccounts: liftsSuspension ? f.severed.localAccounts : 0,
    stillSuspended: f.accounts.suspended - (liftsSuspension ? f.accounts.markedSuspended : 0),
    stillSilenced: f.accounts.silenced - (liftsSilence ? f.accounts.markedSilenced : 0),
  };
}

function steps(
  release: MastodonRelease | null,
  action: BlockImpact["action"],
  before: DomainBlockRow | null,
  policy: BlockPolicy | null,
  f: DomainFigures,
  parent: DomainBlockRow | null,
): string[] {
  const out: string[] = [];
  if (action === "remove") {
    out.push(
      "The block is removed at once (UnblockDomainService runs in the request): accounts silenced or suspended by " +
        "this block, and only those, are released; no job is queued.",
      "Mastodon's audit log gets a \u201cdestroy\u201d entry.",
    );
    if (parent) out.push(`The domain stays covered by the block on ${parent.display} (${describePolicy(parent)}).`);
    return out;
  }
  if (action === "create")
    out.push("A new block row is written; Mastodon's audit log gets a \u201ccreate\u201d entry.");
  if (action === "upgrade") {
    out.push(
      `The existing block on this domain is changed in place (its creation time, the marker of the accounts it ` +
        "touched, is kept); as Mastodon's create form does, the audit log gets a \u201ccreate\u201d entry.",
    );
  }
  if (action === "update") out.push("The block is changed; Mastodon's audit log gets an \u201cupdate\u201d entry.");
  const flag = action === "update" ? `, ${before?.severity !== policy?.severity}` : "";
  out.push(`DomainBlockWorker [id${flag}] is queued on Sidekiq's default queue and applies the block to accounts.`);
  if (policy?.severity === "suspend") {
    out.push(
      "Each account is suspended and purged (DeleteAccountService): posts, media, follows both ways, profile; " +
        "posts and media under unresolved reports are kept, and so are the reports.",
    );
    if (f.follows.localAccounts > 0) {
      out.push(
        `Reject and Undo Follow activities are delivered to the server, and ${f.follows.localAccounts} local ` +
          "account(s) get a \u201csevered relationships\u201d notification (LocalNotificationWorker).",
      );
    }
    out.push(
      release === "4.3"
        ? policy.rejectMedia
          ? "DomainClearMediaWorker (queue pull) also clears the domain's cached media and custom emoji."
          : "Custom emoji stay (Mastodon 4.3 purges them only with reject media)."
        : "PurgeCustomEmojiWorker [domain] deletes the domain's custom emoji.",
    );
  } else {
    if (policy?.severity === "silence") out.push("Accounts not yet silenced are silenced.");
    if (policy?.rejectMedia) out.push("DomainClearMediaWorker (queue pull) clears the domain's cached media.");
  }
  if (action === "update" && before?.severity !== policy?.severity) {
    out.push("Because the severity changed, limits this block set before and no longer applies are lifted.");
  }
  if (policy?.rejectReports) out.push("Reports arriving from the domain are dropped.");
  if (f.accounts.staleInView > 0) {
    out.push(
      `${f.accounts.staleInView} account(s) are on sub-domains the instances view does not list yet; Howdah ` +
        "refreshes the view first so the worker reaches them (Mastodon would wait for its hourly refresh).",
    );
  }
  return out;
}
