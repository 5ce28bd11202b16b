import "server-only";
import type { Redis } from "ioredis";
import type pg from "pg";

/**
 * A relay host's delivery health, as Mastodon's DeliveryFailureTracker keeps
 * it (app/lib/delivery_failure_tracker.rb, 4.3 and 4.6):
 * - `exhausted_deliveries:<host>` on the main Redis: a set of `YYYYMMDD`
 *   days on which a delivery ran out of retries (4.6 can also hold
 *   `YYYYMMDDHHMM` entries for its minutes resolution);
 * - an `unavailable_domains` row once 7 distinct days have failed: from then
 *   on DeliveryWorker drops every job for that host (`available?`).
 *
 * `reset!` (an alias of track_success!, called by Relay#enable! and
 * #disable!) DELs the Redis set and destroys the UnavailableDomain row, whose
 * after_commit deletes the Rails cache entry `unavailable_domains`
 * (`cache:unavailable_domains`, or `<ns>_cache:…` under 4.3's REDIS_NAMESPACE,
 * on the cache Redis).
 */
export interface DeliveryHealth {
  host: string;
  /** Failure days (or minutes) recorded, sorted ascending. */
  failures: string[];
  /** When deliveries to the host were stopped, or null. */
  unavailableSince: Date | null;
}

export const exhaustedDeliveriesKey = (keyPrefix: string, host: string): string =>
  `${keyPrefix}exhausted_deliveries:${host}`;

/** Rails.cache namespace: `cache`, or `<ns>_cache` when REDIS_NAMESPACE is set (4.3). */
export function unavailableDomainsCacheKey(redisNamespace: string | null): string {
  return `${redisNamespace ? `${redisNamespace}_cache` : "cache"}:unavailable_domains`;
}

export async function readDeliveryHealth(
  db: pg.Pool,
  redis: Redis,
  keyPrefix: string,
  hosts: string[],
): Promise<Map<string, DeliveryHealth>> {
  const unique = [...new Set(hosts)];
  const out = new Map<string, DeliveryHealth>();
  if (unique.length === 0) return out;
  const pipe = redis.pipeline();
  for (const host of unique) pipe.smembers(exhaustedDeliveriesKey(keyPrefix, host));
  const [replies, { rows }] = await Promise.all([
    pipe.exec(),
    db.query<{ domain: string; created_at: Date }>(
      "SELECT domain, created_at FROM unavailable_domains WHERE domain = ANY($1::varchar[])",
      [unique],
    ),
  ]);
  const since = new Map(rows.map((r) => [r.domain, r.created_at]));
  unique.forEach((host, i) => {
    const [error, members] = replies?.[i] ?? [null, []];
    if (error) throw error;
    out.set(host, {
      host,
      failures: [...((members as string[]) ?? [])].sort(),
      unavailableSince: since.get(host) ?? null,
    });
  });
  return out;
}

/** The database half of reset!: destroys the UnavailableDomain row (inside the caller's transaction). */
export async function deleteUnavailableDomain(client: pg.PoolClient, host: string): Promise<boolean> {
  const { rowCount } = await client.query("DELETE FROM unavailable_domains WHERE domain = $1", [host]);
  return (rowCount ?? 0) > 0;
}

/** The Redis half of reset!, after the transaction committed: the failure days, and the cache entry if a row went. */
export async function clearDeliveryFailures(
  redis: Redis,
  cacheRedis: Redis,
  options: { keyPrefix: string; redisNamespace: string | null; host: string; unavailableRowRemoved: boolean },
): Promise<void> {
  await redis.del(exhaustedDeliveriesKey(options.keyPrefix, options.host));
  if (options.unavailableRowRemoved) await cacheRedis.del(unavailableDomainsCacheKey(options.redisNamespace));
}
