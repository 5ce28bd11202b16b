import "server-only";
import type { MastodonConfig } from "@/lib/config/types";
import type { GatewayBase } from "../gateway/base";
import { countInstance, type InstanceCounts } from "../instance-counts";
import { databaseBytes, redisMemory, type RedisMemory } from "../media/space-usage";
import { withService } from "../service-errors";
import { mastodonConnectionTargets } from "./connection-targets";
import { countActiveUsers, type ActiveUsers } from "./login-tracker";

export type { InstanceCounts } from "../instance-counts";
export type { RedisMemory } from "../media/space-usage";
export type { ActiveUsers } from "./login-tracker";

/**
 * The instance as a whole: user and status counts, database and Redis sizes, connection targets.
 */
export function createInstanceArea(base: GatewayBase) {
  const c = base.connections;
  const activeUsers = (days: number, now: Date) =>
    withService("Redis", () => countActiveUsers(c.redis, c.keyPrefix, days, now));
  return {
    /**
     * Users, accounts, open reports and known domains with Mastodon's own
     * definitions. Scans big tables: the worker runs it, on the replica when
     * there is one.
     */
    async countAll(now = new Date()): Promise<InstanceCounts> {
      const [counts, active] = await Promise.all([
        withService(c.hasReplica ? "PostgreSQL replica" : "PostgreSQL", () => countInstance(c.readDb)),
        activeUsers(30, now),
      ]);
      return { ...counts, activeUsers30d: active.count };
    },
    /**
     * Mastodon's "active users": distinct users its activity:logins tracker saw
     * on the last `days` UTC days, today included (one PFCOUNT on the main Redis).
     */
    countActiveUsers(days: number, now = new Date()): Promise<ActiveUsers> {
      return activeUsers(days, now);
    },
    /** pg_database_size of Mastodon's database, on the primary (as space_usage reads it). */
    databaseBytes(): Promise<number> {
      return withService("PostgreSQL", () => databaseBytes(c.db));
    },
    /** used_memory of the main Redis, labelled Redis, Valkey or Dragonfly. */
    redisMemory(): Promise<RedisMemory> {
      return withService("Redis", () => redisMemory(c.redis));
    },
    /** Where each of Mastodon's services is reached, from the configuration (never a password). */
    connectionTargets(mastodon: MastodonConfig): { name: string; target: string }[] {
      return mastodonConnectionTargets(mastodon);
    },
  };
}

export type InstanceArea = ReturnType<typeof createInstanceArea>;
