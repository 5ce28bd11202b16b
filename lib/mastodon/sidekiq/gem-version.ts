import "server-only";
import type { Redis } from "ioredis";
import type { SidekiqKeys } from "./keys";

/**
 * The Sidekiq gem version(s) the running processes report in their heartbeat
 * `info` JSON (7.3 and later write `version`; 6.5, Mastodon 4.3's, does not).
 * Empty when no process reports one: Sidekiq keeps no version anywhere else.
 */
const MAX_PROCESSES = 20;

export async function readSidekiqVersions(redis: Redis, keys: SidekiqKeys): Promise<string[]> {
  const identities = (await redis.smembers(keys.processes)).slice(0, MAX_PROCESSES);
  if (identities.length === 0) return [];
  const pipeline = redis.pipeline();
  for (const id of identities) pipeline.hget(keys.process(id), "info");
  const replies = (await pipeline.exec()) ?? [];
  const versions = new Set<string>();
  for (const [error, info] of replies) {
    if (error || typeof info !== "string") continue;
    try {
      const version = (JSON.parse(info) as { version?: unknown }).version;
      if (typeof version === "string") versions.add(version);
    } catch {
      // A heartbeat Howdah cannot read says nothing about the version.
    }
  }
  return [...versions].sort();
}
