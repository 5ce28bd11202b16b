import "server-only";
import { domainVariants, type DomainBlockRow } from "@/lib/mastodon/federation/area";
import type { ServerContext } from "@/lib/server/context";
import type { NewChange } from "@/lib/store/blocklist-subscriptions";
import { classifyRows, suspendingDomains } from "../import/classify";
import type { ImportRow, ParsedList } from "../import/parse";
import type { MergedEntry } from "./merge";

/**
 * The changes the consensus asks of today's domain_blocks, sorted by the
 * import's own classifier (the same guard, the same reads, the same count of
 * follows a suspension severs), so a subscription's review queue and an
 * import's preview can never disagree:
 *
 * - addition: no block of its own, nothing covering it as strictly (import
 *   class `new`; one that contradicts a domain allow is listed with that note
 *   and never applied automatically);
 * - escalation: its own block exists and the lists ask for stricter (`stricter`);
 * - de-escalation: the lists ask for looser than its own block, and that
 *   block is one the subscription created: an admin's own block is never
 *   loosened by a list;
 * - retraction: a block the subscription created whose domain no list (in
 *   consensus) names any more. Blocks the subscription did not create are
 *   never retracted, whatever the lists say.
 *
 * Rows the import would call unchanged or covered are no change at all.
 */
export async function diffAgainstBlocks(
  context: ServerContext,
  merged: Map<string, MergedEntry>,
  owned: Map<string, string>,
  sourceNames: Map<string, string>,
): Promise<NewChange[]> {
  const federation = context.mastodon.federation;
  const entries = [...merged.values()].sort((a, b) => a.domain.localeCompare(b.domain));
  const rows: ImportRow[] = entries.map((e, i) => ({
    line: i + 1,
    domain: e.domain,
    display: federation.displayDomain(e.domain),
    severity: e.severity,
    rejectMedia: e.rejectMedia,
    rejectReports: e.rejectReports,
    obfuscate: e.obfuscate,
    publicComment: e.publicComment,
    privateComment: `Blocked by Howdah's blocklist subscription (${names(e.sourceIds, sourceNames)}).`,
  }));
  const parsed: ParsedList = { format: "mastodon", hasSeverity: true, rows, malformed: [] };
  const variants = [...new Set([...entries.flatMap((e) => domainVariants(e.domain)), ...owned.keys()])];
  const [blocks, allows, follows] = await Promise.all([
    federation.blocksUnder(variants),
    federation.allowsUnder(entries.map((e) => e.domain)),
    federation.severedFollowsByDomain(suspendingDomains(parsed, null)),
  ]);
  const byDomain = new Map(blocks.map((b) => [b.domain, b]));
  const items = classifyRows(parsed, null, { blocks, allows, follows });

  const changes: NewChange[] = [];
  for (const item of items) {
    const entry = merged.get(item.domain)!;
    const own = byDomain.get(item.domain) ?? null;
    const base = {
      domain: item.domain,
      fields: item.fields,
      current: own ? currentOf(own) : null,
      sourceIds: entry.sourceIds,
      severs: item.severs,
      note: item.note,
    };
    if (item.class === "new") changes.push({ ...base, kind: "addition" });
    else if (item.class === "allowed")
      changes.push({ ...base, fields: { ...item.fields, allowConflict: true }, kind: "addition" });
    else if (item.class === "stricter") changes.push({ ...base, kind: "escalation" });
    else if (item.class === "looser" && own && owned.get(own.domain) === own.id)
      changes.push({ ...base, kind: "deescalation" });
  }
  for (const [domain, blockId] of owned) {
    if (merged.has(domain)) continue;
    const own = byDomain.get(domain);
    // Removed since, or removed and blocked again by someone else: not the subscription's block any more.
    if (!own || own.id !== blockId) continue;
    changes.push({
      domain,
      kind: "retraction",
      fields: { ...currentOf(own), retractBlockId: own.id, display: own.display },
      current: currentOf(own),
      sourceIds: [],
      severs: 0,
      note: "No subscribed list names this domain any more; the subscription created this block.",
    });
  }
  return changes.sort((a, b) => a.domain.localeCompare(b.domain));
}

function currentOf(block: DomainBlockRow): Record<string, unknown> {
  return {
    id: block.id,
    severity: block.severity,
    rejectMedia: block.rejectMedia,
    rejectReports: block.rejectReports,
    obfuscate: block.obfuscate,
    privateComment: block.privateComment,
    publicComment: block.publicComment,
    createdAt: block.createdAt,
  };
}

const names = (ids: string[], all: Map<string, string>) => ids.map((id) => all.get(id) ?? `#${id}`).join(", ");
