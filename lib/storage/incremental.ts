import "server-only";
import { bucketOf, bucketStart, MIN_ID } from "@/lib/mastodon/media/id-buckets";
import type { MediaSource } from "@/lib/mastodon/media/area";
import type { CountedRow } from "@/lib/mastodon/media/sources";
import type { ServerContext } from "@/lib/server/context";
import { timePhase, type PhaseTimes } from "@/lib/shared/phase-times";
import type { Store } from "@/lib/store/connection";
import { withStorageLock } from "@/lib/store/storage-locks";
import { addNewCounts, readWholeTableKeys, replaceCountedBuckets } from "@/lib/store/storage-rollup";
import { getSourceState, updateSourceState } from "@/lib/store/storage-sources";
import { sampleServices, writeSnapshot } from "./snapshots";

/**
 * The frequent pass: counts rows added since the last run, by id. Mastodon's
 * snowflake ids carry their creation time, so "new" is "id above the
 * high-water mark"; ids are taken only once their time is `marginMs` old, and
 * each range is added in the same transaction that moves the mark, so a run
 * that fails or overlaps another counts nothing twice. At most `maxRows` rows
 * per table per run. Small tables (backups, site uploads, imports) are simply
 * recounted. Then PostgreSQL and Redis sizes are sampled and today's snapshot
 * rewritten.
 */
export interface IncrementalOptions {
  marginMs?: number;
  maxRows?: number;
  chunkRows?: number;
  now?: Date;
  /** Filled with the time each phase took (the bench's breakdown). */
  phases?: PhaseTimes;
}

export interface IncrementalResult {
  counted: Record<string, number>;
  behind: string[];
}

export const DEFAULT_MARGIN_MS = 2 * 60_000;

export async function runIncremental(
  context: ServerContext,
  options: IncrementalOptions = {},
): Promise<IncrementalResult | { skipped: string }> {
  const store = await context.store();
  const result = await withStorageLock(store, "incremental", () => incrementalLocked(context, store, options));
  return result ?? { skipped: "another incremental pass is running" };
}

/** Callers hold the "incremental" storage lock. */
export async function incrementalLocked(
  context: ServerContext,
  store: Store,
  options: IncrementalOptions,
): Promise<IncrementalResult> {
  const phases = options.phases;
  const sources = await timePhase(phases, "sources", () => context.mastodon.media.presentSources());
  const result: IncrementalResult = { counted: {}, behind: [] };
  for (const source of sources) {
    const { counted, behind } = await timePhase(phases, source.name, () => countNew(context, store, source, options));
    result.counted[source.name] = counted;
    if (behind) result.behind.push(source.name);
  }
  await timePhase(phases, "service sizes", () => sampleServices(context, store, options.now));
  await timePhase(phases, "snapshot", () => writeSnapshot(store, { now: options.now }));
  return result;
}

async function countNew(context: ServerContext, store: Store, source: MediaSource, options: IncrementalOptions) {
  const media = context.mastodon.media;
  if (source.ids === "whole") {
    const { rows, scanned } = await media.countRange(source.name, null);
    // Usually nothing changed since the last run: then nothing is written.
    if (!(await sameAsStored(store, source, rows))) {
      await replaceCountedBuckets(store, source.kinds, 0, 0, rows);
    }
    return { counted: scanned, behind: false };
  }
  const scheme = source.ids;
  const state = await getSourceState(store, source.name);
  let hwm = state.hwm;
  if (hwm === null) {
    // First run: start at the beginning of the current bucket; everything
    // before it is the first backfill's (lib/storage/reconcile.ts).
    const top =
      scheme === "snowflake"
        ? await media.incrementalBound(source.name, MIN_ID, options.marginMs ?? DEFAULT_MARGIN_MS)
        : await media.maxId(source.name);
    const bucket = top === null ? 0 : bucketOf(scheme, top);
    hwm = bucket === 0 ? MIN_ID : bucketStart(scheme, bucket) - 1n;
    await updateSourceState(store, source.name, { hwm });
  }
  const bound = await media.incrementalBound(source.name, hwm, options.marginMs ?? DEFAULT_MARGIN_MS);
  if (bound <= hwm) {
    await updateSourceState(store, source.name, { incrementalAt: options.now ?? new Date() });
    return { counted: 0, behind: false };
  }
  const maxRows = options.maxRows ?? 200_000;
  const chunkRows = options.chunkRows ?? 50_000;
  const end = await media.chunkEnd(source.name, hwm, bound, maxRows);
  let counted = 0;
  for (let after = hwm; after < end;) {
    const upTo = await media.chunkEnd(source.name, after, end, chunkRows);
    const { rows, scanned } = await timePhase(options.phases, `${source.name} count`, () =>
      media.countRange(source.name, { after, upTo }),
    );
    await timePhase(options.phases, `${source.name} write`, () =>
      addNewCounts(store, rows, {
        name: source.name,
        mark: { hwm: upTo, incrementalAt: options.now ?? new Date() },
      }),
    );
    counted += scanned;
    after = upTo;
  }
  return { counted, behind: end < bound };
}

async function sameAsStored(store: Store, source: MediaSource, rows: CountedRow[]): Promise<boolean> {
  const stored = await readWholeTableKeys(store, source.kinds);
  const fresh = rows
    .filter((r) => r.bytes || r.files || r.evicted)
    .map((r) => [r.kind, r.day, r.origin, r.domain, r.bytes, r.files, r.evicted].join("|"));
  return JSON.stringify(fresh.sort()) === JSON.stringify(stored.sort());
}
