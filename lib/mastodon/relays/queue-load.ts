import "server-only";
import type { Redis } from "ioredis";
import { isHowdahError } from "@/lib/errors";
import { sampleJobs } from "@/lib/mastodon/sidekiq/job-windows";
import { sidekiqKeys } from "@/lib/mastodon/sidekiq/keys";
import { jsonInteger, jsonString, scanArray, scanTopLevel } from "@/lib/mastodon/sidekiq/payload-scan";

/**
 * How much of Sidekiq's backlog is relay traffic right now, from a bounded
 * sample of each queue (evenly spaced windows from the oldest job to the
 * newest, read by the Queues readers; never the whole list):
 *
 * - ingress: ActivityPub::ProcessingWorker jobs, whose args are
 *   [signer account id, body, delivered-to account id, signer class]
 *   (ActivityPub::InboxesController#process_payload). A job signed by a
 *   relay's actor is relay traffic. The id is read from the raw JSON text, so
 *   ids beyond 2^53 keep every digit.
 * - push: ActivityPub::DeliveryWorker jobs [json, sender id, inbox url, …]
 *   whose inbox url is a relay's inbox: this server's posts going out to
 *   relays (one job per public post per enabled relay, StatusReachFinder).
 *
 * This measures backlog, not throughput: an empty queue shows nothing even
 * when a relay is busy.
 */
export interface QueueSample {
  queue: string;
  /** LLEN of the queue when sampled. */
  size: number;
  sampled: number;
  /** Sampled jobs of the worker class that matters for this queue. */
  ofClass: number;
  /** Sampled jobs attributed to a relay, by relay id. */
  byRelay: Map<string, number>;
}

export const SAMPLE = { windows: 4, windowSize: 500 } as const;

async function sample(redis: Redis, keyPrefix: string, queue: string): Promise<{ total: number; raws: string[] }> {
  try {
    return await sampleJobs(redis, sidekiqKeys(keyPrefix), { kind: "queue", queue }, SAMPLE);
  } catch (error) {
    // A queue Sidekiq has never seen: nothing waiting.
    if (isHowdahError(error) && error.code === "not_found") return { total: 0, raws: [] };
    throw error;
  }
}

function args(raw: string, className: string): string[] | null {
  const fields = scanTopLevel(raw);
  if (!fields || jsonString(fields.get("class")) !== className) return null;
  const text = fields.get("args");
  return text ? scanArray(text) : null;
}

/** Ingress jobs signed by a relay actor; `actors` maps account id → relay id. */
export function sampleIngress(redis: Redis, keyPrefix: string, actors: Map<string, string>): Promise<QueueSample> {
  return attribute(redis, keyPrefix, "ingress", "ActivityPub::ProcessingWorker", (a) =>
    actors.get(jsonInteger(a[0]) ?? ""),
  );
}

/** Push jobs delivering to a relay inbox; `inboxes` maps inbox url → relay id. */
export function samplePush(redis: Redis, keyPrefix: string, inboxes: Map<string, string>): Promise<QueueSample> {
  return attribute(redis, keyPrefix, "push", "ActivityPub::DeliveryWorker", (a) => inboxes.get(jsonString(a[2]) ?? ""));
}

async function attribute(
  redis: Redis,
  keyPrefix: string,
  queue: string,
  className: string,
  relayOf: (args: string[]) => string | undefined,
): Promise<QueueSample> {
  const { total, raws } = await sample(redis, keyPrefix, queue);
  const byRelay = new Map<string, number>();
  let ofClass = 0;
  for (const raw of raws) {
    const a = args(raw, className);
    if (!a) continue;
    ofClass++;
    const relay = relayOf(a);
    if (relay) byRelay.set(relay, (byRelay.get(relay) ?? 0) + 1);
  }
  return { queue, size: total, sampled: raws.length, ofClass, byRelay };
}
