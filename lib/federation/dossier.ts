import "server-only";
import type { DomainBlockRow, DomainDossierFacts, DossierCounts } from "@/lib/mastodon/federation/area";
import type { ServerContext } from "@/lib/server/context";
import { getDomainStorage, type DomainStorage } from "@/lib/storage/domains";
import { batchItemsForDomain, type BatchSource, type ItemAction } from "@/lib/store/block-batches";
import { readCountsForDossier } from "./domain-counts";
import { countHostJobs, type HostJobs } from "./host-jobs";

/**
 * The dossier: one page per remote server, putting together what Howdah
 * knows of it from every side. Mastodon's rows (accounts, follows with local
 * accounts, statuses, cached media, reports, its blocks and allow), the
 * storage rollups (bytes held and their growth), Sidekiq (deliveries and
 * activities waiting, retrying and dead) and its block history, merged from
 * Mastodon's admin_action_logs (what was done, by whom) and Howdah's batches
 * (in which batch, from which source, with the row's previous state).
 * Everything is read in parallel; an unknown server is a 404, as the
 * storage page's was. Its cost does not grow with the server: the bytes come
 * from the storage rollups, the counts of a large server from the worker's
 * row (domain-counts.ts, with when they were counted), the rest are index
 * lookups and bounded Sidekiq samples.
 */
export interface HistoryEntry {
  at: Date;
  /** create / update / destroy, as Mastodon logs them (an upgrade logs create). */
  action: string;
  target: "block" | "allow";
  actor: string | null;
  /** Howdah's batch that made this change, when Howdah made it. */
  batch: { id: string; source: BatchSource; sourceRef: string | null; action: ItemAction | null } | null;
}

export interface DomainDossier {
  domain: string;
  display: string;
  figures: Pick<DossierCounts, "accounts" | "follows">;
  facts: DomainDossierFacts & Pick<DossierCounts, "statuses" | "reports">;
  /** When the worker counted the figures, statuses and reports; null when they were counted for this page. */
  countedAt: Date | null;
  storage: DomainStorage;
  jobs: HostJobs;
  /** The blocks covering this server, most specific (the one Mastodon applies) first. */
  covering: DomainBlockRow[];
  /** Its own block, editable from the page. */
  ownBlock: DomainBlockRow | null;
  history: HistoryEntry[];
  limitedFederationMode: boolean;
}

// A batch row and its log row are the same change when they name the same action within this margin.
const SAME_CHANGE_MS = 120_000;
const LOGGED_AS: Record<ItemAction, string> = {
  create: "create",
  upgrade: "create",
  update: "update",
  destroy: "destroy",
};

export async function getDomainDossier(
  context: ServerContext,
  domain: string,
  options: { canManage: boolean },
): Promise<DomainDossier> {
  const federation = context.mastodon.federation;
  const store = await context.store();
  const [storage, counted, facts, jobs, covering, batches] = await Promise.all([
    getDomainStorage(context, domain, "30d"),
    readCountsForDossier(context, domain),
    federation.readDossierFacts(domain),
    countHostJobs(context, domain, { dead: true }),
    federation.coveringBlocks(domain),
    options.canManage ? batchItemsForDomain(store, domain) : Promise.resolve([]),
  ]);
  const ownBlock = covering.find((b) => b.domain === domain) ?? null;
  return {
    domain,
    display: federation.displayDomain(domain),
    figures: { accounts: counted.counts.accounts, follows: counted.counts.follows },
    facts: { ...facts, statuses: counted.counts.statuses, reports: counted.counts.reports },
    countedAt: counted.countedAt,
    storage,
    jobs,
    covering,
    ownBlock,
    // The block history names staff and batches: for those who manage federation, as Mastodon's pages are.
    history: options.canManage ? mergeHistory(facts.actionLog, batches) : [],
    limitedFederationMode: context.config.mastodon.limitedFederationMode,
  };
}

/**
 * One line per change, newest first: each logged block change is matched to
 * the batch row that made it (same action, closest in time); batch rows
 * without a log row (a rollback step) still show; log rows without a batch
 * were made in Mastodon's own admin or by another tool.
 */
export function mergeHistory(
  log: DomainDossierFacts["actionLog"],
  batches: Awaited<ReturnType<typeof batchItemsForDomain>>,
): HistoryEntry[] {
  const unused = batches.filter((b) => b.item.appliedAt && b.item.action);
  const entries: HistoryEntry[] = log.map((row) => {
    let best = -1;
    let bestGap = Infinity;
    if (row.targetType === "DomainBlock") {
      for (const [i, b] of unused.entries()) {
        if (LOGGED_AS[b.item.action!] !== row.action) continue;
        const gap = Math.abs(b.item.appliedAt!.getTime() - row.at.getTime());
        if (gap <= SAME_CHANGE_MS && (best < 0 || gap < bestGap)) {
          best = i;
          bestGap = gap;
        }
      }
    }
    const match = best >= 0 ? unused.splice(best, 1)[0]! : null;
    return {
      at: row.at,
      action: row.action,
      target: row.targetType === "DomainAllow" ? "allow" : "block",
      actor: row.actor,
      batch: match ? toBatchRef(match) : null,
    };
  });
  for (const b of unused) {
    entries.push({
      at: b.item.appliedAt!,
      action: LOGGED_AS[b.item.action!],
      target: "block",
      actor: b.actor,
      batch: toBatchRef(b),
    });
  }
  return entries.sort((a, b) => b.at.getTime() - a.at.getTime());
}

function toBatchRef(b: Awaited<ReturnType<typeof batchItemsForDomain>>[number]): NonNullable<HistoryEntry["batch"]> {
  return { id: b.batchId, source: b.source, sourceRef: b.sourceRef, action: b.item.action };
}
