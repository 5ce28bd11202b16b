import { TEST_REDIS_PORT, testDatabaseName } from "@/dev/testing/test-services";
import { Redis } from "ioredis";
import { loadConfig } from "@/lib/config/load-config";
import type { HowdahConfig } from "@/lib/config/types";
import { createMastodonDatabase, dropMastodonDatabase } from "@/dev/fixtures/mastodon-schema/create-mastodon-database";
import { FIXTURE_AR_KEYS, generateInstance, type GeneratedInstance } from "@/dev/fixtures/generator";
import { createServerContext, type ServerContext } from "@/lib/server/context";
import { testEnv } from "./test-env";

/**
 * A throw-away Mastodon instance for an integration test: its own database
 * built from the faithful schema of the chosen version, filled by the
 * generator at small scale, its own Redis DB index (per vitest worker), and a
 * ServerContext wired to both exactly as production wires them.
 */
export type FixtureVersion = "4.3" | "4.6";
export const FIXTURE_VERSIONS: FixtureVersion[] = ["4.3", "4.6"];

export interface TestInstance {
  version: FixtureVersion;
  database: string;
  connectionString: string;
  redisDb: number;
  config: HowdahConfig;
  context: ServerContext;
  generated: GeneratedInstance;
  /** A fresh client on the instance's Redis DB, for arranging test data. */
  redis: Redis;
  close(): Promise<void>;
}

/** Redis DB 10 + the vitest worker number: parallel files never share an index. */
export function testRedisDb(): number {
  return 10 + (Number(process.env.VITEST_POOL_ID ?? "1") % 5);
}

export async function createTestInstance(
  name: string,
  version: FixtureVersion,
  envOverrides: Record<string, string> = {},
): Promise<TestInstance> {
  const database = testDatabaseName(`${name}_${version.replace(".", "")}`);
  const connectionString = await createMastodonDatabase({ database, version });
  const generated = await generateInstance(connectionString, { version, scale: "small", seed: 42 });
  const redisDb = testRedisDb();
  const redis = new Redis({ host: "127.0.0.1", port: TEST_REDIS_PORT, db: redisDb });
  await redis.flushdb();
  const config = loadConfig(testEnv({ connectionString, redisDb, arKeys: FIXTURE_AR_KEYS, extra: envOverrides }));
  const context = createServerContext(config);
  await context.store();
  return {
    version,
    database,
    connectionString,
    redisDb,
    config,
    context,
    generated,
    redis,
    async close() {
      await context.close();
      await redis.flushdb();
      redis.disconnect();
      await dropMastodonDatabase({ database });
    },
  };
}
