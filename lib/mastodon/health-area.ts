import "server-only";
import type { GatewayBase } from "./gateway/base";
import { probePostgres, probeRedis, type ServiceHealth } from "./health";

export type { ServiceHealth } from "./health";

/**
 * Reachability and latency of each service Howdah reads, one cheap round trip
 * each, bounded in time (lib/mastodon/health.ts). Services that are the same
 * connection (Sidekiq on the main Redis, no replica) are probed once.
 */
export function createHealthArea(base: GatewayBase) {
  const c = base.connections;
  return {
    /** Mastodon's primary database. */
    probeDatabase: (): Promise<ServiceHealth> => probePostgres(c.db),
    /**
     * The Redis servers Mastodon needs to run (main, and Sidekiq's when it is
     * another one): the slower, or any that is down, decides.
     */
    async probeRedisServers(): Promise<ServiceHealth> {
      const probes = await Promise.all(
        [c.redis, ...(c.sidekiqRedis !== c.redis ? [c.sidekiqRedis] : [])].map(probeRedis),
      );
      const down = probes.find((p) => !p.ok);
      if (down) return down;
      return { ok: true, latencyMs: Math.max(...probes.map((p) => p.latencyMs ?? 0)), problem: null };
    },
    /** Every distinct service, named as the overview shows them. */
    async probeAll(): Promise<{ name: string; health: ServiceHealth }[]> {
      const probes: [string, Promise<ServiceHealth>][] = [
        ["PostgreSQL", probePostgres(c.db)],
        ["Redis", probeRedis(c.redis)],
      ];
      if (c.hasReplica) probes.push(["PostgreSQL replica", probePostgres(c.readDb)]);
      if (c.sidekiqRedis !== c.redis) probes.push(["Sidekiq Redis", probeRedis(c.sidekiqRedis)]);
      if (c.cacheRedis !== c.redis) probes.push(["Cache Redis", probeRedis(c.cacheRedis)]);
      return Promise.all(probes.map(async ([name, p]) => ({ name, health: await p })));
    },
  };
}

export type HealthArea = ReturnType<typeof createHealthArea>;
