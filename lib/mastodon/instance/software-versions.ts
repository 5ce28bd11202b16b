import "server-only";
import type pg from "pg";
import type { Redis } from "ioredis";

/**
 * The server versions Mastodon's dashboard lists under "Software":
 * PostgreSQL's `server_version` (what Mastodon parses out of `SELECT VERSION()`)
 * and the Redis-compatible server's version from INFO, named as INFO names
 * it (Valkey and Dragonfly also report a redis_version for compatibility,
 * which is not their own).
 */
export async function postgresVersion(db: Pick<pg.Pool, "query">): Promise<string> {
  const { rows } = await db.query<{ server_version: string }>("SHOW server_version");
  // Debian builds append their package version: "16.4 (Debian 16.4-1.pgdg120+2)".
  return rows[0]!.server_version.split(" ")[0]!;
}

export interface RedisServerVersion {
  name: "Redis" | "Valkey" | "Dragonfly";
  version: string;
}

export function parseRedisServerVersion(info: string): RedisServerVersion {
  const fields = new Map(
    info
      .split(/\r?\n/)
      .filter((line) => line.includes(":") && !line.startsWith("#"))
      .map((line) => [line.slice(0, line.indexOf(":")), line.slice(line.indexOf(":") + 1).trim()] as const),
  );
  const valkey = fields.get("valkey_version");
  if (valkey) return { name: "Valkey", version: valkey };
  const dragonfly = fields.get("dragonfly_version");
  if (dragonfly) return { name: "Dragonfly", version: dragonfly.replace(/^df-v?/, "") };
  return { name: "Redis", version: fields.get("redis_version") ?? "unknown" };
}

export async function redisServerVersion(redis: Redis): Promise<RedisServerVersion> {
  return parseRedisServerVersion(await redis.info("server"));
}
