import "server-only";
import type { MergeSettings, SourceEntry } from "@/lib/store/blocklist-subscriptions";

/**
 * The consensus of the subscribed lists: a domain is kept when enough
 * sources list it (a count of sources, or a share, in percent, of the
 * sources that have a good copy), and its block is decided by the severity
 * rule among the sources listing it:
 *
 * - max: the strictest severity; each flag (reject media, reject reports,
 *   obfuscate) if any listing source sets it;
 * - min: the loosest severity; each flag only if every listing source sets it;
 * - majority: the severity most listing sources give (a tie goes to the
 *   stricter, as a tie is no consensus to loosen on); each flag if at least
 *   half of them set it.
 *
 * The public comment is the first one given, in source order. Sources are
 * taken in id order so the result does not depend on the order of reads.
 */
export interface MergedEntry extends SourceEntry {
  sourceIds: string[];
}

const RANK = { noop: 0, silence: 1, suspend: 2 } as const;
type Sev = SourceEntry["severity"];
const FLAGS = ["rejectMedia", "rejectReports", "obfuscate"] as const;

export function mergeSources(bySource: Map<string, SourceEntry[]>, settings: MergeSettings): Map<string, MergedEntry> {
  const sourceIds = [...bySource.keys()].sort((a, b) => Number(a) - Number(b));
  const listings = new Map<string, { sourceId: string; entry: SourceEntry }[]>();
  for (const sourceId of sourceIds) {
    for (const entry of bySource.get(sourceId)!) {
      const list = listings.get(entry.domain) ?? [];
      list.push({ sourceId, entry });
      listings.set(entry.domain, list);
    }
  }
  const needed = required(settings, sourceIds.length);
  const merged = new Map<string, MergedEntry>();
  for (const [domain, list] of listings) {
    if (list.length < needed) continue;
    const entries = list.map((l) => l.entry);
    const flags = Object.fromEntries(
      FLAGS.map((f) => [
        f,
        flag(
          entries.map((e) => e[f]),
          settings.severityRule,
        ),
      ]),
    );
    merged.set(domain, {
      domain,
      severity: severity(
        entries.map((e) => e.severity),
        settings.severityRule,
      ),
      rejectMedia: flags.rejectMedia!,
      rejectReports: flags.rejectReports!,
      obfuscate: flags.obfuscate!,
      publicComment: entries.find((e) => e.publicComment)?.publicComment ?? null,
      sourceIds: list.map((l) => l.sourceId),
    });
  }
  return merged;
}

/** How many sources must list a domain; never less than one. */
export function required(settings: MergeSettings, sources: number): number {
  if (settings.thresholdKind === "count") return Math.max(1, settings.thresholdValue);
  return Math.max(1, Math.ceil((settings.thresholdValue * sources) / 100));
}

function severity(values: Sev[], rule: MergeSettings["severityRule"]): Sev {
  const byRank = [...values].sort((a, b) => RANK[b] - RANK[a]);
  if (rule === "max") return byRank[0]!;
  if (rule === "min") return byRank[byRank.length - 1]!;
  const votes = new Map<Sev, number>();
  for (const v of values) votes.set(v, (votes.get(v) ?? 0) + 1);
  // Stricter first, so the first with the most votes wins a tie.
  return byRank.reduce((best, v) => ((votes.get(v) ?? 0) > (votes.get(best) ?? 0) ? v : best), byRank[0]!);
}

function flag(values: boolean[], rule: MergeSettings["severityRule"]): boolean {
  if (rule === "max") return values.some(Boolean);
  if (rule === "min") return values.every(Boolean);
  return values.filter(Boolean).length * 2 >= values.length;
}
