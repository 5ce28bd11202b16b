import "server-only";
import type { ServerContext } from "@/lib/server/context";
import { alertsForReading, listActiveAlerts, type QueueAlert } from "./alerts";
import { latestSample } from "./samples";

/**
 * The overview's Queues tile: the worker's latest sample and the alerts it
 * raises (one reading for both). Reads Howdah's store; without a recent
 * sample, listActiveAlerts takes one live Sidekiq reading at most.
 */
export interface QueuesTile {
  /** Null when the worker has not sampled in the last two minutes. */
  latest: {
    takenAt: number;
    /** Null: not readable from Sidekiq's Redis at that sample. */
    enqueued: number | null;
    busy: number | null;
    concurrency: number | null;
    processes: number | null;
    retries: number | null;
    dead: number | null;
    worst: { queue: string; latency: number } | null;
  } | null;
  alerts: QueueAlert[];
}

export async function getQueuesTile(context: ServerContext): Promise<QueuesTile> {
  const sample = await context.store().then((store) => latestSample(store, 120_000));
  const alerts = sample ? await alertsForReading(context, sample) : await listActiveAlerts(context);
  const worst = sample?.queues.filter((q) => q.size > 0).sort((a, b) => b.latency - a.latency)[0];
  return {
    latest: sample
      ? {
          takenAt: sample.takenAt.getTime(),
          enqueued: sample.enqueued,
          busy: sample.busy,
          concurrency: sample.concurrency,
          processes: sample.processes,
          retries: sample.retries,
          dead: sample.dead,
          worst: worst ? { queue: worst.name, latency: worst.latency } : null,
        }
      : null,
    alerts,
  };
}
