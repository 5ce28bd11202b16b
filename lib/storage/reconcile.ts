import "server-only";
import type { MediaSource, MediaSourceName } from "@/lib/mastodon/media/area";
import { bucketOf, bucketStart, MIN_ID, utcDay, type IdScheme } from "@/lib/mastodon/media/id-buckets";
import type { CountedRow } from "@/lib/mastodon/media/sources";
import type { ServerContext } from "@/lib/server/context";
import type { Store } from "@/lib/store/connection";
import { withStorageLock } from "@/lib/store/storage-locks";
import { replaceCountedBuckets } from "@/lib/store/storage-rollup";
import { getSourceState, updateSourceState, type SourceState } from "@/lib/store/storage-sources";
import { incrementalLocked, type IncrementalOptions } from "./incremental";
import { writeSnapshot } from "./snapshots";

/**
 * The full pass: the first backfill on an existing instance, then once a day
 * the reconcile that absorbs what an id-based incremental count cannot see
 * (evictions, deletions, re-downloads, late commits). It recounts the table
 * in id order, in chunks of `chunkRows` rows (each one statement well under
 * the statement timeout, on the replica when there is one), and replaces
 * each bucket once all its ids are counted, storing its cursor as it goes:
 * a pass interrupted by its time budget, a restart or an outage resumes
 * where it stopped.
 *
 * Phase 1 recounts the closed buckets, those below the bucket of the first
 * id the incremental pass has not counted when the pass starts; the
 * incremental pass only ever writes to that bucket and later ones, so the
 * two never touch the same rows. Phase 2, holding the incremental lock for a
 * moment, recounts the open buckets up to the high-water mark, so that after
 * a pass the rollups equal a full recount.
 */
export interface ReconcileOptions {
  /** Stop starting new chunks after this long (a bucket in progress is finished first). */
  budgetMs?: number;
  chunkRows?: number;
  /** Start a new pass even if one completed today. */
  force?: boolean;
  now?: Date;
  incremental?: IncrementalOptions;
  /** Told after each flushed chunk how far the pass has got (the worker's progress log). */
  progress?: (counts: { source: string; rowsDone: number; rowsEstimate: number; cursor: string }) => void;
}

export interface ReconcileResult {
  sources: Record<string, "done" | "paused" | "up to date" | "waiting for first count">;
  freedBytes: number;
}

const KEYED: MediaSourceName[] = ["media_attachments", "accounts", "custom_emojis", "preview_cards"];

export async function runReconcile(
  context: ServerContext,
  options: ReconcileOptions = {},
): Promise<ReconcileResult | { skipped: string }> {
  const store = await context.store();
  const result = await withStorageLock(store, "pass", () => reconcileLocked(context, store, options));
  return result ?? { skipped: "another full pass is running" };
}

async function reconcileLocked(
  context: ServerContext,
  store: Store,
  options: ReconcileOptions,
): Promise<ReconcileResult> {
  const started = Date.now();
  const now = options.now ?? new Date();
  const budgetMs = options.budgetMs ?? 60_000;
  const sources = (await context.mastodon.media.presentSources()).filter((s) => KEYED.includes(s.name));
  const result: ReconcileResult = { sources: {}, freedBytes: 0 };

  let states = await Promise.all(sources.map((s) => getSourceState(store, s.name)));
  if (states.some((s) => s.hwm === null)) {
    // The incremental pass sets the high-water marks the pass is bounded by.
    await withStorageLock(
      store,
      "incremental",
      () => incrementalLocked(context, store, options.incremental ?? {}),
      30_000,
    );
    states = await Promise.all(sources.map((s) => getSourceState(store, s.name)));
  }

  for (const [i, source] of sources.entries()) {
    let state = states[i]!;
    if (state.hwm === null) {
      result.sources[source.name] = "waiting for first count";
      continue;
    }
    if (!state.passStartedAt) {
      const doneToday = state.passCompletedAt && utcDay(state.passCompletedAt) >= utcDay(now);
      if (doneToday && !options.force) {
        result.sources[source.name] = "up to date";
        continue;
      }
      state = await startPass(context, store, source, state, now);
    }
    const outcome = await continuePass(context, store, source, state, {
      started,
      budgetMs,
      chunkRows: options.chunkRows ?? 20_000,
      now,
      progress: options.progress,
    });
    result.freedBytes += outcome.freedBytes;
    result.sources[source.name] = outcome.done ? "done" : "paused";
    if (!outcome.done) break;
  }
  await writeSnapshot(store, { now, freedBytes: result.freedBytes });
  return result;
}

async function startPass(
  context: ServerContext,
  store: Store,
  source: MediaSource,
  state: SourceState,
  now: Date,
): Promise<SourceState> {
  const scheme = source.ids as IdScheme;
  const boundBucket = bucketOf(scheme, state.hwm! + 1n);
  const estimate = await context.mastodon.media.estimatedRows(source.name);
  await updateSourceState(store, source.name, {
    passStartedAt: now,
    passBoundBucket: boundBucket,
    passCursor: MIN_ID,
    passRowsDone: 0,
    passRowsEstimate: estimate,
  });
  return getSourceState(store, source.name);
}

interface PassLimits {
  progress?: ReconcileOptions["progress"];
  started: number;
  budgetMs: number;
  chunkRows: number;
  now: Date;
}

async function continuePass(
  context: ServerContext,
  store: Store,
  source: MediaSource,
  state: SourceState,
  limits: PassLimits,
) {
  const scheme = source.ids as IdScheme;
  const boundBucket = state.passBoundBucket ?? 0;
  const boundId = boundBucket === 0 ? MIN_ID : bucketStart(scheme, boundBucket) - 1n;
  let freedBytes = 0;
  let cursor = state.passCursor ?? MIN_ID;
  let rowsDone = state.passRowsDone;

  // Phase 1: closed buckets.
  const closed = await recountRange(
    context,
    store,
    source,
    cursor,
    boundId,
    boundBucket,
    limits,
    async (flushedTo, scanned, freed) => {
      cursor = flushedTo;
      rowsDone += scanned;
      freedBytes += freed;
      await updateSourceState(store, source.name, { passCursor: cursor, passRowsDone: rowsDone });
      limits.progress?.({
        source: source.name,
        rowsDone,
        rowsEstimate: state.passRowsEstimate,
        cursor: cursor.toString(),
      });
    },
  );
  if (!closed) return { done: false, freedBytes };

  // Phase 2: open buckets, up to the incremental pass's high-water mark.
  const opened = await withStorageLock(
    store,
    "incremental",
    async () => {
      const now = await getSourceState(store, source.name);
      const hwm = now.hwm!;
      if (hwm <= boundId) return 0;
      let scannedOpen = 0;
      await recountRange(
        context,
        store,
        source,
        boundId,
        hwm,
        bucketOf(scheme, hwm) + 1,
        { ...limits, budgetMs: Infinity },
        async (_to, scanned, freed) => {
          scannedOpen += scanned;
          freedBytes += freed;
        },
      );
      return scannedOpen;
    },
    60_000,
  );
  if (opened === null) return { done: false, freedBytes };
  const at = limits.now;
  await updateSourceState(store, source.name, {
    passStartedAt: null,
    passCursor: null,
    passBoundBucket: null,
    passRowsDone: rowsDone + opened,
    passCompletedAt: at,
    firstCompletedAt: state.firstCompletedAt ?? at,
  });
  return { done: true, freedBytes };
}

/**
 * Recounts ids in (after, upTo], replacing each bucket once complete, from
 * the bucket of after + 1 up to `endBucket` - 1. Returns false when the time
 * budget stopped it (at a bucket boundary, after `onFlush` saved progress).
 */
async function recountRange(
  context: ServerContext,
  store: Store,
  source: MediaSource,
  after: bigint,
  upTo: bigint,
  endBucket: number,
  limits: PassLimits,
  onFlush: (flushedTo: bigint, scanned: number, freedBytes: number) => Promise<void>,
): Promise<boolean> {
  const scheme = source.ids as IdScheme;
  const media = context.mastodon.media;
  let firstOpen = after === MIN_ID ? 0 : bucketOf(scheme, after + 1n);
  let pending: CountedRow[] = [];
  let scanned = 0;
  let chunkRows = limits.chunkRows;
  const timeout = context.config.howdah.statementTimeoutMs;

  const flush = async (below: number, flushedTo: bigint) => {
    const rows = pending.filter((r) => r.bucket < below);
    pending = pending.filter((r) => r.bucket >= below);
    const { freedBytes } = await replaceCountedBuckets(store, source.kinds, firstOpen, below - 1, rows);
    firstOpen = below;
    await onFlush(flushedTo, scanned, freedBytes);
    scanned = 0;
  };

  if (after >= upTo) {
    if (endBucket > firstOpen) await flush(endBucket, upTo);
    return true;
  }
  for (let from = after; from < upTo;) {
    const t0 = performance.now();
    const end = await media.chunkEnd(source.name, from, upTo, chunkRows);
    const counted = await media.countRange(source.name, { after: from, upTo: end });
    pending.push(...counted.rows);
    scanned += counted.scanned;
    from = end;
    // Keep each chunk near a tenth of the statement timeout.
    const took = performance.now() - t0;
    if (took > timeout / 10 && chunkRows > 1_000) chunkRows = Math.max(1_000, Math.floor(chunkRows / 2));
    else if (took < timeout / 40 && chunkRows < 200_000) chunkRows *= 2;

    const completeBelow = end >= upTo ? endBucket : bucketOf(scheme, end + 1n);
    if (completeBelow > firstOpen) {
      await flush(completeBelow, end >= upTo ? upTo : bucketStart(scheme, completeBelow) - 1n);
      if (Date.now() - limits.started > limits.budgetMs && end < upTo) return false;
    }
  }
  return true;
}
