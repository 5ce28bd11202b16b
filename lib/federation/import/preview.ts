import "server-only";
import { HowdahError } from "@/lib/errors";
import { domainVariants, isSeverity, type Severity } from "@/lib/mastodon/federation/area";
import type { ServerContext } from "@/lib/server/context";
import { countItemsByClass, createBatch } from "@/lib/store/block-batches";
import type { BlockActor } from "../manage";
import { classifyRows, suspendingDomains } from "./classify";
import { parseBlocklist, type ListFormat } from "./parse";

/**
 * The first step of an import: read the file, sort every row against the
 * blocks as they are, and keep the result as a pending batch (the rows, what
 * each asks for, the default choice), which the admin then adjusts and
 * applies. Nothing is written to Mastodon here.
 *
 * Three reads, whatever the size of the file: the blocks and allows stored
 * under any of its domains or their parents, and the follows with local
 * accounts a suspension of each suspended file domain severs (set-based, see
 * import-reads.ts).
 */
export interface PreviewResult {
  batchId: string;
  format: ListFormat;
  rows: number;
  counts: Record<string, { rows: number; selected: number }>;
  timings: { parseMs: number; readMs: number; classifyMs: number; storeMs: number };
}

export async function previewImport(
  context: ServerContext,
  actor: BlockActor,
  file: { name: string; content: Buffer; severity?: string | null },
): Promise<PreviewResult> {
  const t0 = performance.now();
  const parsed = parseBlocklist(file.content);
  if (parsed.rows.length === 0 && parsed.malformed.length === 0) {
    throw new HowdahError("bad_request", "The file has no domains in it.");
  }
  let severity: Severity | null = null;
  if (!parsed.hasSeverity) {
    if (!file.severity) {
      throw new HowdahError(
        "bad_request",
        "This file is a plain list of domains, with no severity column. Choose the severity to apply to them " +
          "(suspend, silence or noop): Howdah does not assume one.",
        { needsSeverity: true },
      );
    }
    if (!isSeverity(file.severity)) throw new HowdahError("bad_request", "The severity is silence, suspend or noop.");
    severity = file.severity;
  }
  const t1 = performance.now();
  const variants = [...new Set(parsed.rows.flatMap((r) => domainVariants(r.domain)))];
  const federation = context.mastodon.federation;
  const [blocks, allows, follows] = await Promise.all([
    federation.blocksUnder(variants),
    federation.allowsUnder(parsed.rows.map((r) => r.domain)),
    federation.severedFollowsByDomain(suspendingDomains(parsed, severity)),
  ]);
  const t2 = performance.now();
  const items = classifyRows(parsed, severity, { blocks, allows, follows });
  const t3 = performance.now();
  const store = await context.store();
  const batchId = await createBatch(
    store,
    {
      source: "file",
      sourceRef: file.name.slice(0, 255) || "upload",
      actor: { accountId: actor.staff.accountId, acct: actor.staff.acct },
      state: "pending",
      summary: { format: parsed.format, severity, rows: parsed.rows.length, malformed: parsed.malformed.length },
    },
    items,
  );
  const t4 = performance.now();
  return {
    batchId,
    format: parsed.format,
    rows: items.length,
    counts: await countItemsByClass(store, batchId),
    timings: { parseMs: t1 - t0, readMs: t2 - t1, classifyMs: t3 - t2, storeMs: t4 - t3 },
  };
}
