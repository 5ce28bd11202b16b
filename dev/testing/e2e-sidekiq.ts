import { Redis } from "ioredis";
import { SidekiqWriter } from "@/dev/fixtures/sidekiq";
import { E2E } from "./e2e-instance";
import { TEST_REDIS_PORT } from "./test-services";

/**
 * The browser tests' own hand on the e2e instance's Sidekiq Redis (Sidekiq
 * 8.1, Mastodon 4.6): to add jobs a spec acts on, and to play Sidekiq
 * moving a job while a page still shows it.
 */
export function e2eSidekiqRedis(): Redis {
  return new Redis({ host: "127.0.0.1", port: TEST_REDIS_PORT, db: E2E.redisDb });
}

export function e2eSidekiqWriter(redis: Redis, now = Date.now()): SidekiqWriter {
  return new SidekiqWriter(redis, { format: "8.1", now: () => now });
}
