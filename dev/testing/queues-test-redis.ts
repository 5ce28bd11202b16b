import { TEST_REDIS_PORT } from "@/dev/testing/test-services";
import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, beforeAll, beforeEach } from "vitest";

/**
 * Redis DB 13 for the queue tests. Vitest runs files in parallel, so a file
 * takes a lock on the DB for its whole run (the others wait), and clears
 * every key but that lock before each test and at the end.
 */
export const QUEUES_TEST_REDIS_DB = 13;
const LOCK = "howdah-test:db13-lock";
const CLEAR =
  "for _, k in ipairs(redis.call('KEYS', '*')) do if k ~= ARGV[1] then redis.call('DEL', k) end end return 1";

export function useQueuesTestRedis(): Redis {
  const redis = new Redis({ host: "127.0.0.1", port: TEST_REDIS_PORT, db: QUEUES_TEST_REDIS_DB, lazyConnect: true });
  const token = randomUUID();
  beforeAll(async () => {
    await redis.connect();
    while ((await redis.set(LOCK, token, "PX", 300_000, "NX")) !== "OK") await new Promise((r) => setTimeout(r, 50));
  }, 600_000);
  beforeEach(async () => {
    await clearTestRedis(redis);
  });
  afterAll(async () => {
    await clearTestRedis(redis);
    if ((await redis.get(LOCK)) === token) await redis.del(LOCK);
    await redis.quit();
  });
  return redis;
}

export async function clearTestRedis(redis: Redis): Promise<void> {
  await redis.eval(CLEAR, 0, LOCK);
}
