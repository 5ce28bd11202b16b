import { bucketOf, bucketStart, MIN_ID } from "@/lib/mastodon/media/id-buckets";
import { chunkEnd, incrementalBound, maxId } from "@/lib/mastodon/media/id-ranges";
import { presentSources, type CountedRow, type StorageSource } from "@/lib/mastodon/media/sources";
import { withService } from "@/lib/mastodon/service-errors";
import type { ServerContext } from "@/lib/server/context";
import type { Store } from "@/lib/store/connection";
import { LOCKS, withSessionLock, withStorageWrite } from "./locks";
import { addCounts, replaceBuckets } from "./rollup-store";
import { sampleServices, writeSnapshot } from "./snapshots";
import { getSourceState, updateSourceState } from "./source-state";

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
  const result = await withSessionLock(store, LOCKS.incremental, () => incrementalLocked(context, store, options));
  return result ?? { skipped: "another incremental pass is running" };
}

/** Callers hold LOCKS.incremental. */
export async function incrementalLocked(
  context: ServerContext,
  store: Store,
  options: IncrementalOptions,
): Promise<IncrementalResult> {
  const db = context.mastodon.readDb;
  const service = context.mastodon.hasReplica ? "PostgreSQL replica" : "PostgreSQL";
  const sources = await withService(service, () => presentSources(db));
  const result: IncrementalResult = { counted: {}, behind: [] };
  for (const source of sources) {
    const { counted, behind } = await withService(service, () => countNew(context, store, source, options));
    result.counted[source.name] = counted;
    if (behind) result.behind.push(source.name);
  }
  await sampleServices(context, store, options.now);
  await writeSnapshot(store, { now: options.now });
  return result;
}

async function countNew(context: ServerContext, store: Store, source: StorageSource, options: IncrementalOptions) {
  const db = context.mastodon.readDb;
  if (source.ids === "whole") {
    const { rows, scanned } = await source.count(db, null);
    // Usually nothing changed since the last run: then nothing is written.
    if (!(await sameAsStored(store, source, rows))) {
      await withStorageWrite(store, (client) => replaceBuckets(client, source.kinds, 0, 0, rows));
    }
    return { counted: scanned, behind: false };
  }
  const scheme = source.ids;
  const state = await getSourceState(store.pool, source.name);
  let hwm = state.hwm;
  if (hwm === null) {
    // First run: start at the beginning of the current bucket; everything
    // before it is the first backfill's (lib/storage/reconcile.ts).
    const top =
      scheme === "snowflake"
        ? await incrementalBound(db, source, MIN_ID, options.marginMs ?? DEFAULT_MARGIN_MS)
        : await maxId(db, source.table);
    const bucket = top === null ? 0 : bucketOf(scheme, top);
    hwm = bucket === 0 ? MIN_ID : bucketStart(scheme, bucket) - 1n;
    await updateSourceState(store.pool, source.name, { hwm });
  }
  const bound = await incrementalBound(db, source, hwm, options.marginMs ?? DEFAULT_MARGIN_MS);
  if (bound <= hwm) {
    await updateSourceState(store.pool, source.name, { incrementalAt: options.now ?? new Date() });
    return { counted: 0, behind: false };
  }
  const maxRows = options.maxRows ?? 200_000;
  const chunkRows = options.chunkRows ?? 50_000;
  const end = await chunkEnd(db, source.table, hwm, bound, maxRows);
  let counted = 0;
  for (let after = hwm; after < end;) {
    const upTo = await chunkEnd(db, source.table, after, end, chunkRows);
    const { rows, scanned } = await source.count(db, { after, upTo });
    await withStorageWrite(store, async (client) => {
      await addCounts(client, rows as CountedRow[]);
      await updateSourceState(client, source.name, { hwm: upTo, incrementalAt: options.now ?? new Date() });
    });
    counted += scanned;
    after = upTo;
  }
  return { counted, behind: end < bound };
}

async function sameAsStored(store: Store, source: StorageSource, rows: CountedRow[]): Promise<boolean> {
  const { rows: stored } = await store.pool.query<{ key: string }>(
    `SELECT kind || '|' || to_char(day, 'YYYY-MM-DD') || '|' || origin || '|' || domain || '|' || bytes || '|' || files || '|' || evicted AS key
       FROM howdah.storage_rollup WHERE kind = ANY($1::text[]) AND bucket = 0 AND (bytes <> 0 OR files <> 0 OR evicted <> 0)`,
    [source.kinds],
  );
  const fresh = rows
    .filter((r) => r.bytes || r.files || r.evicted)
    .map((r) => [r.kind, r.day, r.origin, r.domain, r.bytes, r.files, r.evicted].join("|"));
  return JSON.stringify(fresh.sort()) === JSON.stringify(stored.map((r) => r.key).sort());
}
