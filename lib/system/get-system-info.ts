import type { PgSettings, RedisSettings } from "@/lib/config/types";
import { withService } from "@/lib/mastodon/service-errors";
import type { ServerContext } from "@/lib/server/context";

/**
 * What an admin checks when something is off: where Howdah connects (never
 * passwords), which Mastodon it detected, its own migrations and settings.
 */
export interface SystemInfo {
  connections: { name: string; target: string }[];
  version: Awaited<ReturnType<ServerContext["mastodon"]["version"]>>;
  migrations: { name: string; appliedAt: string }[];
  settings: { name: string; value: string }[];
}

function describePg(s: PgSettings): string {
  return `${s.user}@${s.host}${s.host.startsWith("/") ? "" : `:${s.port}`}/${s.database} (sslmode ${s.sslMode})`;
}

function describeRedis(s: RedisSettings): string {
  if (s.kind === "url") {
    const url = new URL(s.url);
    return `${url.protocol}//${url.hostname}:${url.port || 6379}${url.pathname || ""}`;
  }
  if (s.kind === "sentinel")
    return `sentinel ${s.masterName} via ${s.sentinels.map((x) => `${x.host}:${x.port}`).join(", ")} db ${s.db}`;
  return `${s.host}:${s.port} db ${s.db}`;
}

export async function getSystemInfo(context: ServerContext): Promise<SystemInfo> {
  const { mastodon, howdah } = context.config;
  const store = await context.store();
  const [version, migrations] = await Promise.all([
    context.mastodon.version(),
    withService("Howdah store", () =>
      store.pool.query<{ name: string; applied_at: Date }>(
        "SELECT name, applied_at FROM howdah.schema_migrations ORDER BY name",
      ),
    ),
  ]);
  return {
    connections: [
      { name: "Mastodon PostgreSQL", target: describePg(mastodon.db) },
      {
        name: "Read replica",
        target: mastodon.replica ? describePg(mastodon.replica) : "none (heavy reads use the primary)",
      },
      { name: "Mastodon Redis", target: describeRedis(mastodon.redis) },
      { name: "Sidekiq Redis", target: describeRedis(mastodon.sidekiqRedis) },
      { name: "Cache Redis", target: describeRedis(mastodon.cacheRedis) },
      { name: "Howdah store", target: `${describePg(howdah.store)}, schema howdah` },
      { name: "Howdah job queue", target: `${describeRedis(howdah.redis)}, prefix ${howdah.redisPrefix}` },
    ],
    version,
    migrations: migrations.rows.map((r) => ({ name: r.name, appliedAt: r.applied_at.toISOString() })),
    settings: [
      { name: "Statement timeout", value: `${howdah.statementTimeoutMs} ms` },
      { name: "Session lifetime", value: `${Math.round(howdah.sessionMaxAgeSeconds / 60)} minutes` },
      {
        name: "Worker",
        value: howdah.workerMode === "inline" ? "inside the web server" : "separate process (npm run worker)",
      },
      { name: "REDIS_NAMESPACE", value: mastodon.redisNamespace ?? "not set" },
      {
        name: "Two-factor codes",
        value: mastodon.activeRecordEncryption
          ? "checked (Active Record encryption keys set)"
          : "refused (ACTIVE_RECORD_ENCRYPTION_* not set)",
      },
      { name: "Metrics endpoint", value: howdah.metricsToken ? "enabled (bearer token)" : "disabled" },
    ],
  };
}
