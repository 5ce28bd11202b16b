import "server-only";
import type { SidekiqSnapshot } from "@/lib/mastodon/sidekiq/area";
import type { Store } from "@/lib/store/connection";
import {
  insertQueueSample,
  readLatencyAboveSince,
  readLatestQueueSample,
  readSetSizesSince,
  type QueueSampleRow,
} from "@/lib/store/queue-samples";

/**
 * The worker's Sidekiq samples in Howdah's store: written every 10 s
 * (bucket_seconds = 10), read back by the overview, the alerts and the
 * processed/failed rates. History over longer ranges is in history.ts.
 */
export const SAMPLE_EVERY_MS = 10_000;
/**
 * A previous reading older than this is not a baseline: the worker was down,
 * and the chart shows a gap instead of a spike.
 */
export const MAX_DELTA_GAP_SECONDS = 35;

export type StoredSample = QueueSampleRow;

/** One sample: the deltas against the previous raw sample are taken in the same statement. */
export async function writeSample(store: Store, snapshot: SidekiqSnapshot): Promise<void> {
  await insertQueueSample(
    store,
    {
      takenAt: new Date(snapshot.takenAt),
      enqueued: snapshot.enqueued,
      scheduled: snapshot.scheduled,
      retries: snapshot.retries,
      dead: snapshot.dead,
      processes: snapshot.processesAlive,
      busy: snapshot.busy,
      concurrency: snapshot.concurrency,
      processedTotal: snapshot.processed,
      failedTotal: snapshot.failed,
      // A queue whose key is not a list has no row at this reading: its chart shows a gap.
      queues: snapshot.queues.flatMap((q) =>
        q.size === null || q.latency === null ? [] : [{ name: q.name, size: q.size, latency: Math.max(0, q.latency) }],
      ),
    },
    MAX_DELTA_GAP_SECONDS,
  );
}

/** The newest raw sample, if it is no older than `maxAgeMs`. */
export async function latestSample(store: Store, maxAgeMs: number, now = Date.now()): Promise<StoredSample | null> {
  return readLatestQueueSample(store, new Date(now - maxAgeMs));
}

/** The retry and dead set sizes at the start of each growth window (first raw sample inside it), or null. */
export async function growthBaselines(
  store: Store,
  windows: { retryMinutes: number; deadMinutes: number },
  now = Date.now(),
) {
  return readSetSizesSince(store, {
    retries: new Date(now - windows.retryMinutes * 60_000),
    dead: new Date(now - windows.deadMinutes * 60_000),
  });
}

/** When each queue's latency last went above its threshold (first raw sample after the last one below it). */
export async function latencyAlertSince(
  store: Store,
  queues: { queue: string; threshold: number }[],
): Promise<Map<string, Date>> {
  return readLatencyAboveSince(store, queues);
}
