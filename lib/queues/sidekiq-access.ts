import type { Redis } from "ioredis";
import { HowdahError } from "@/lib/errors";
import { sidekiqKeys, type SidekiqKeys } from "@/lib/mastodon/sidekiq/keys";
import { readSidekiqSnapshot, type SidekiqSnapshot } from "@/lib/mastodon/sidekiq/snapshot";
import { withService } from "@/lib/mastodon/service-errors";
import type { MastodonVersion, SidekiqFormat } from "@/lib/mastodon/version";
import type { ServerContext } from "@/lib/server/context";

/**
 * The Sidekiq Redis (SIDEKIQ_REDIS_* or the main one), its key prefix
 * (REDIS_NAMESPACE on 4.3) and the format of the Sidekiq this Mastodon runs.
 * When PostgreSQL cannot tell the version, figures are still read with
 * Sidekiq 8's rules (which accept both timestamp units); writes then wait.
 */
export interface SidekiqAccess {
  redis: Redis;
  keys: SidekiqKeys;
  format: SidekiqFormat;
  version: MastodonVersion | null;
  versionError: unknown;
}

export async function sidekiqAccess(context: ServerContext): Promise<SidekiqAccess> {
  const base = { redis: context.mastodon.sidekiqRedis, keys: sidekiqKeys(context.mastodon.keyPrefix) };
  try {
    const version = await context.mastodon.version();
    return { ...base, format: version.sidekiqFormat, version, versionError: null };
  } catch (error) {
    return { ...base, format: "8.1", version: null, versionError: error };
  }
}

/**
 * Runs Redis work against Sidekiq's Redis, turning an outage into a 503 that
 * names it. ioredis gives up on a command after one reconnect attempt with a
 * MaxRetriesPerRequestError, which carries no network code; it is an outage too.
 */
export async function withSidekiq<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await withService("Sidekiq Redis", run);
  } catch (error) {
    if ((error as Error)?.name === "MaxRetriesPerRequestError") {
      throw new HowdahError(
        "unavailable",
        "Sidekiq Redis is unavailable: it did not answer, even after reconnecting.",
        { service: "Sidekiq Redis" },
      );
    }
    throw error;
  }
}

export async function takeSnapshot(context: ServerContext, options: { work: boolean }): Promise<SidekiqSnapshot> {
  const access = await sidekiqAccess(context);
  return withSidekiq(() =>
    readSidekiqSnapshot(access.redis, { keys: access.keys, format: access.format, work: options.work }),
  );
}

/** Mastodon's queues in config/sidekiq.yml order, then any others by name. */
const MASTODON_QUEUE_ORDER = ["default", "push", "ingress", "mailers", "pull", "scheduler", "fasp"];

export function compareQueues(a: string, b: string): number {
  const ia = MASTODON_QUEUE_ORDER.indexOf(a);
  const ib = MASTODON_QUEUE_ORDER.indexOf(b);
  if (ia >= 0 || ib >= 0) return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib);
  return a.localeCompare(b);
}
