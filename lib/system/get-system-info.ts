import "server-only";
import { describePgTarget, describeRedisTarget } from "@/lib/mastodon/instance/connection-targets";
import type { ServerContext } from "@/lib/server/context";
import { listAppliedMigrations } from "@/lib/store/store-info";

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

export async function getSystemInfo(context: ServerContext): Promise<SystemInfo> {
  const { mastodon, howdah } = context.config;
  const store = await context.store();
  const [version, migrations] = await Promise.all([context.mastodon.version(), listAppliedMigrations(store)]);
  return {
    connections: [
      ...context.mastodon.instance.connectionTargets(mastodon),
      { name: "Howdah store", target: `${describePgTarget(howdah.store)}, schema howdah` },
      { name: "Howdah job queue", target: `${describeRedisTarget(howdah.redis)}, prefix ${howdah.redisPrefix}` },
    ],
    version,
    migrations: migrations.map((r) => ({ name: r.name, appliedAt: r.appliedAt.toISOString() })),
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
