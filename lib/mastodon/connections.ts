import "server-only";
import pg from "pg";
import { Redis } from "ioredis";
import type { HowdahConfig } from "@/lib/config/types";
import { ioredisOptions } from "@/lib/config/to-clients";
import { createPgPool } from "@/lib/pg/pool";

/**
 * The connections Howdah holds to a Mastodon instance. Built once per process
 * (see lib/server/context.ts) and passed to the readers and writers in
 * lib/mastodon, so tests can point them at their own databases.
 */
export interface MastodonConnections {
  /** Primary: every write, and reads that must see them. */
  db: pg.Pool;
  /** Heavy reads: the replica when one is configured, else the primary. */
  readDb: pg.Pool;
  hasReplica: boolean;
  redis: Redis;
  sidekiqRedis: Redis;
  cacheRedis: Redis;
  /** REDIS_NAMESPACE as Mastodon 4.3 applies it to Sidekiq and main keys (`ns:`), or "". */
  keyPrefix: string;
  close(): Promise<void>;
}

/**
 * A Redis client whose every command ends in bounded time, whatever the
 * server or the network does:
 * - `commandTimeout`: a command with no reply fails after `commandTimeoutMs`,
 *   also while it waits in the offline queue for a connection;
 * - `socketTimeout`: a connection owing a reply that stays silent as long is
 *   closed and replaced (a frozen server, a partition), so commands after the
 *   fault do not queue behind ones that will never be answered;
 * - `maxRetriesPerRequest: 1`: while Redis is down, a command fails after one
 *   reconnect attempt instead of waiting for it to come back. The offline
 *   queue stays on: a command sent during a quick reconnect (a restart, a
 *   failover) waits for it rather than failing at once, bounded by the above;
 * - TCP keepalive, so a vanished server is noticed on an idle connection.
 * Pages then say "Redis is unavailable" and recover when it returns.
 */
export function createRedis(
  settings: Parameters<typeof ioredisOptions>[0],
  name: string,
  commandTimeoutMs: number,
): Redis {
  const options = ioredisOptions(settings);
  const client = new Redis({
    ...options,
    connectionName: `howdah-${name}`,
    connectTimeout: 2_000,
    commandTimeout: commandTimeoutMs,
    socketTimeout: commandTimeoutMs,
    keepAlive: 10_000,
    maxRetriesPerRequest: 1,
    retryStrategy: (times: number) => Math.min(200 * times, 2_000),
  });
  client.on("error", () => undefined);
  return client;
}

function sameRedis(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export function createMastodonConnections(config: HowdahConfig): MastodonConnections {
  const { mastodon, howdah } = config;
  const db = createPgPool(mastodon.db, howdah.statementTimeoutMs, 5);
  const readDb = mastodon.replica ? createPgPool(mastodon.replica, howdah.statementTimeoutMs, 5) : db;
  const timeout = howdah.redisCommandTimeoutMs;
  const redis = createRedis(mastodon.redis, "main", timeout);
  const sidekiqRedis = sameRedis(mastodon.sidekiqRedis, mastodon.redis)
    ? redis
    : createRedis(mastodon.sidekiqRedis, "sidekiq", timeout);
  const cacheRedis = sameRedis(mastodon.cacheRedis, mastodon.redis)
    ? redis
    : createRedis(mastodon.cacheRedis, "cache", timeout);
  const clients = [...new Set([redis, sidekiqRedis, cacheRedis])];
  return {
    db,
    readDb,
    hasReplica: readDb !== db,
    redis,
    sidekiqRedis,
    cacheRedis,
    keyPrefix: mastodon.redisNamespace ? `${mastodon.redisNamespace}:` : "",
    async close() {
      await Promise.all([
        db.end(),
        readDb !== db ? readDb.end() : undefined,
        ...clients.map((c) => c.quit().catch(() => c.disconnect())),
      ]);
    },
  };
}
