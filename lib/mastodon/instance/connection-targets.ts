import "server-only";
import type { MastodonConfig, PgSettings, RedisSettings } from "@/lib/config/types";

/**
 * Where a connection goes, as the System page shows it (never a password):
 * `user@host:port/database (sslmode …)` for PostgreSQL, the address and
 * database number (or the sentinels) for Redis.
 */
export function describePgTarget(s: PgSettings): string {
  return `${s.user}@${s.host}${s.host.startsWith("/") ? "" : `:${s.port}`}/${s.database} (sslmode ${s.sslMode})`;
}

export function describeRedisTarget(s: RedisSettings): string {
  if (s.kind === "url") {
    const url = new URL(s.url);
    return `${url.protocol}//${url.hostname}:${url.port || 6379}${url.pathname || ""}`;
  }
  if (s.kind === "sentinel")
    return `sentinel ${s.masterName} via ${s.sentinels.map((x) => `${x.host}:${x.port}`).join(", ")} db ${s.db}`;
  return `${s.host}:${s.port} db ${s.db}`;
}

/** Each of the services Howdah reaches Mastodon through, named as the System page lists them. */
export function mastodonConnectionTargets(mastodon: MastodonConfig): { name: string; target: string }[] {
  return [
    { name: "Mastodon PostgreSQL", target: describePgTarget(mastodon.db) },
    {
      name: "Read replica",
      target: mastodon.replica ? describePgTarget(mastodon.replica) : "none (heavy reads use the primary)",
    },
    { name: "Mastodon Redis", target: describeRedisTarget(mastodon.redis) },
    { name: "Sidekiq Redis", target: describeRedisTarget(mastodon.sidekiqRedis) },
    { name: "Cache Redis", target: describeRedisTarget(mastodon.cacheRedis) },
  ];
}
