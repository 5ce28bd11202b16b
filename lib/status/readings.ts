import "server-only";
import type { ServiceHealth } from "@/lib/mastodon/health-area";
import type { ServerContext } from "@/lib/server/context";
import type { ServiceReading, SidekiqReading, StatusReadings } from "./evaluate";
import { readMedia } from "./media";
import { probeHttp } from "./probes";

/**
 * One round of readings for the status page, all taken at once and each
 * bounded in time: the two HTTP probes (HOWDAH_PROBE_TIMEOUT_MS), a ping of
 * Mastodon's PostgreSQL and of each Redis it uses (1.5 s), Sidekiq's figures
 * from its Redis (a constant number of round trips, however long the queues
 * are) and the storage forecast from Howdah's store (each at most
 * SLOW_READING_MS: a Redis or PostgreSQL that accepts connections and never
 * answers must not hold the round). A reading that fails or runs out of time
 * becomes "down" or "not measurable"; nothing here throws.
 */
export const SLOW_READING_MS = 3_000;

/** The reading, or `fallback` when it fails or has not come within `ms`. */
export function within<T>(reading: Promise<T>, ms: number, fallback: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(fallback), ms);
  });
  return Promise.race([reading.catch(() => fallback), late]).finally(() => clearTimeout(timer));
}

function asReading(health: ServiceHealth): ServiceReading {
  return { ok: health.ok, latencyMs: health.latencyMs };
}

/**
 * Sidekiq's figures. Hostile data degrades one figure: a queue key of the
 * wrong type comes back as that queue's null figures (the gateway's snapshot
 * reads each key on its own), and a retry set that cannot be sampled leaves
 * only the mail-failure figure unknown. Null only when Sidekiq's Redis itself
 * cannot be read.
 */
async function readSidekiq(context: ServerContext): Promise<SidekiqReading | null> {
  const { sidekiq } = context.mastodon;
  // Mail failures: mailer jobs in the retry set (exact up to 1,000 jobs, estimated above).
  const [snapshot, failures] = await Promise.all([
    sidekiq.snapshot({ work: false }).catch(() => null),
    sidekiq.sampleRetryMailers().catch(() => null),
  ]);
  if (!snapshot) return null;
  return {
    queues: snapshot.queues.map((q) => ({ name: q.name, size: q.size, latencySeconds: q.latency })),
    processesAlive: snapshot.processesAlive,
    mailFailures: failures,
  };
}

/** The longest takeReadings can take, give or take a few milliseconds. */
export function readingsBoundMs(context: ServerContext): number {
  return Math.max(SLOW_READING_MS, context.config.howdah.status.probeTimeoutMs);
}

export async function takeReadings(context: ServerContext): Promise<StatusReadings> {
  const { webProbeUrl, streamingProbeUrl, probeTimeoutMs } = context.config.howdah.status;
  const slow = readingsBoundMs(context);
  const [web, streaming, database, redis, sidekiq, media] = await Promise.all([
    probeHttp(webProbeUrl, probeTimeoutMs),
    probeHttp(streamingProbeUrl, probeTimeoutMs),
    context.mastodon.health.probeDatabase().then(asReading),
    // Mastodon needs each of its Redis servers: the slower, or one that is down, counts.
    context.mastodon.health.probeRedisServers().then(asReading),
    within(readSidekiq(context), slow, null),
    within(readMedia(context), slow, null),
  ]);
  return { web, streaming, database, redis, sidekiq, media, probeTimeoutMs };
}
