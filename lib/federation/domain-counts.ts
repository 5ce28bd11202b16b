import "server-only";
import { z } from "zod";
import type { DossierCounts } from "@/lib/mastodon/federation/area";
import type { ServerContext } from "@/lib/server/context";
import { pruneDomainCounts, readDomainCounts, writeDomainCounts } from "@/lib/store/domain-counts";

/**
 * The dossier's counts, flat in the server's size: counting the accounts,
 * follows, statuses and reports of a server with 25,000 accounts takes
 * seconds, so the worker counts the servers above LARGE_DOMAIN_ACCOUNTS on a
 * schedule into Howdah's store, and the dossier reads that row (saying when
 * it was counted). Smaller servers, and a large one whose row is missing or
 * older than COUNTS_FRESH_MS (the worker stopped), are counted live: exact,
 * and bounded by the threshold.
 */
export const LARGE_DOMAIN_ACCOUNTS = 1_000;
/** The most servers counted per run, largest first (each takes up to a few seconds on the replica). */
export const MAX_COUNTED_DOMAINS = 200;
export const COUNTS_EVERY_MS = 15 * 60_000;
export const COUNTS_FRESH_MS = 4 * COUNTS_EVERY_MS;

const countsSchema = z.object({
  accounts: z.object({ total: z.number(), onSubdomains: z.number(), suspended: z.number() }),
  follows: z.object({ localFollowing: z.number(), localFollowers: z.number() }),
  statuses: z.number(),
  reports: z.object({
    total: z.number(),
    open: z.number(),
    recent: z.array(
      z.object({ id: z.string(), createdAt: z.coerce.date(), open: z.boolean(), against: z.string(), by: z.string() }),
    ),
  }),
});

export interface CountsRead {
  counts: DossierCounts;
  /** When the worker counted them; null when counted now. */
  countedAt: Date | null;
}

export async function readCountsForDossier(
  context: ServerContext,
  domain: string,
  now = new Date(),
): Promise<CountsRead> {
  const row = await readDomainCounts(await context.store(), domain);
  if (row && now.getTime() - row.countedAt.getTime() <= COUNTS_FRESH_MS) {
    const parsed = countsSchema.safeParse(row.counts);
    if (parsed.success) return { counts: parsed.data, countedAt: row.countedAt };
  }
  return { counts: await context.mastodon.federation.readDossierCounts(domain), countedAt: null };
}

/** The worker's run: count every large server one after the other (sparing the database), drop the others. */
export async function rollupDomainCounts(
  context: ServerContext,
  options: { minAccounts?: number } = {},
): Promise<{ domains: number; pruned: number; slowestMs: number }> {
  const federation = context.mastodon.federation;
  const store = await context.store();
  const domains = await federation.listLargeDomains(options.minAccounts ?? LARGE_DOMAIN_ACCOUNTS, MAX_COUNTED_DOMAINS);
  let slowestMs = 0;
  for (const domain of domains) {
    const countedAt = new Date();
    const started = performance.now();
    const counts = await federation.readDossierCounts(domain);
    const tookMs = performance.now() - started;
    slowestMs = Math.max(slowestMs, Math.round(tookMs));
    await writeDomainCounts(store, domain, { counts, countedAt, tookMs });
  }
  const pruned = await pruneDomainCounts(store, domains);
  return { domains: domains.length, pruned, slowestMs };
}
