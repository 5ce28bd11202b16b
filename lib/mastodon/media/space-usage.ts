import "server-only";
import type pg from "pg";
import type { Redis } from "ioredis";

/**
 * The two non-media rows of Mastodon's space_usage dimension
 * (Admin::Metrics::Dimension::SpaceUsageDimension): pg_database_size of the
 * current database on the primary, and `used_memory` from INFO of the main
 * Redis, labelled Valkey or Dragonfly when INFO says so (StoreHelper, 4.5+).
 */
export async function databaseBytes(db: Pick<pg.Pool, "query">): Promise<number> {
  const { rows } = await db.query<{ n: string }>("SELECT pg_database_size(current_database())::text AS n");
  return Number(rows[0]!.n);
}

export interface RedisMemory {
  bytes: number;
  label: "Redis" | "Valkey" | "Dragonfly";
}

export function parseRedisInfo(info: string): RedisMemory {
  const fields = new Map(
    info
      .split(/\r?\n/)
      .filter((line) => line.includes(":") && !line.startsWith("#"))
      .map((line) => [line.slice(0, line.indexOf(":")), line.slice(line.indexOf(":") + 1).trim()] as const),
  );
  const label = fields.has("valkey_version") ? "Valkey" : fields.has("dragonfly_version") ? "Dragonfly" : "Redis";
  return { bytes: Number(fields.get("used_memory") ?? 0), label };
}

export async function redisMemory(redis: Redis): Promise<RedisMemory> {
  return parseRedisInfo(await redis.info());
}
