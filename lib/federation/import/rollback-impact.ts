import "server-only";
import type { DomainBlockRow } from "@/lib/mastodon/federation/area";
import type { ServerContext } from "@/lib/server/context";
import { previewBlockChange, type BlockImpact, type ImpactInput } from "../impact";

/**
 * The full impact of a rollback, as the form and the import show it: each
 * step is the block change it will make (a created block removed, a changed
 * one edited back, a removed one created again), previewed with the same
 * impact preview (accounts, follows severed, media purged, open reports,
 * Sidekiq work), and summed. Each step's preview costs a dozen aggregate
 * queries and a Sidekiq sample, so the first PREVIEWED steps (the ones that
 * run first) are previewed; the plan says how many more there are.
 */
export const PREVIEWED = 25;

export interface StepImpact {
  itemId: string;
  impact: BlockImpact | null;
  /** Set when this step could not be previewed (its block is gone, say). */
  problem: string | null;
}

export interface RollbackImpactTotals {
  previewedSteps: number;
  accounts: number;
  willSuspend: number;
  willSilence: number;
  willUnsuspend: number;
  willUnsilence: number;
  followsSevered: number;
  mediaBytesPurged: number;
  openReports: number;
  jobs: number;
}

interface RevertItem {
  id: string;
  domain: string;
  action: string | null;
  blockId: string | null;
  previous: unknown;
}

function inputFor(item: RevertItem): ImpactInput | null {
  const previous = item.previous as DomainBlockRow | null;
  if (item.action === "create" && item.blockId) return { kind: "remove", id: item.blockId };
  if (!previous) return null;
  const fields = {
    severity: (previous.severity ?? "silence") as "silence" | "suspend" | "noop",
    rejectMedia: previous.rejectMedia,
    rejectReports: previous.rejectReports,
  };
  if (item.action === "destroy") return { kind: "create", domain: item.domain, ...fields };
  if (item.blockId) return { kind: "update", id: item.blockId, ...fields };
  return null;
}

export const purgedBytes = (impact: BlockImpact): number => {
  const m = impact.media;
  return m.purged === "none" ? 0 : m.attachmentBytes + m.profileBytes + (m.purged === "all" ? m.emojiBytes : 0);
};

export async function previewRollbackImpact(
  context: ServerContext,
  items: RevertItem[],
): Promise<{ steps: StepImpact[]; totals: RollbackImpactTotals }> {
  const steps: StepImpact[] = [];
  // One at a time: each preview already runs its queries in parallel, and the replica is shared with Mastodon.
  for (const item of items.slice(0, PREVIEWED)) {
    const input = inputFor(item);
    if (!input) {
      steps.push({ itemId: item.id, impact: null, problem: "Nothing to preview for this step." });
      continue;
    }
    try {
      steps.push({ itemId: item.id, impact: await previewBlockChange(context, input), problem: null });
    } catch (error) {
      steps.push({ itemId: item.id, impact: null, problem: error instanceof Error ? error.message : String(error) });
    }
  }
  const totals: RollbackImpactTotals = {
    previewedSteps: steps.length,
    accounts: 0,
    willSuspend: 0,
    willSilence: 0,
    willUnsuspend: 0,
    willUnsilence: 0,
    followsSevered: 0,
    mediaBytesPurged: 0,
    openReports: 0,
    jobs: 0,
  };
  for (const { impact } of steps) {
    if (!impact) continue;
    totals.accounts += impact.accounts.total;
    totals.willSuspend += impact.accounts.willSuspend;
    totals.willSilence += impact.accounts.willSilence;
    totals.willUnsuspend += impact.accounts.willUnsuspend;
    totals.willUnsilence += impact.accounts.willUnsilence;
    totals.followsSevered += impact.severed ? impact.severed.localFollowing + impact.severed.localFollowers : 0;
    totals.mediaBytesPurged += purgedBytes(impact);
    totals.openReports += impact.reports.openAgainst + impact.reports.openBy;
    totals.jobs += impact.jobs.counts.reduce((n, c) => n + c.estimate, 0);
  }
  return { steps, totals };
}
