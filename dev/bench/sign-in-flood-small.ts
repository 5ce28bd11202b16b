import { Redis } from "ioredis";
import { buildIfStale } from "@/dev/demo/build-if-stale";
import { createMastodonDatabase, dropMastodonDatabase } from "@/dev/fixtures/mastodon-schema/create-mastodon-database";
import { FIXTURE_AR_KEYS, generateInstance } from "@/dev/fixtures/generator";
import { testEnv } from "@/dev/testing/test-env";
import { TEST_REDIS_PORT, testDatabaseName } from "@/dev/testing/test-services";
import { loadConfig } from "@/lib/config/load-config";
import { createServerContext } from "@/lib/server/context";
import { printTable } from "./figures";
import { benchSignInFlood } from "./sign-in-flood-suite";

/**
 * The sign-in flood bench (sign-in-flood-suite.ts) on a small, throw-away
 * instance instead of the large one `npm run bench` builds: what the flood
 * costs does not depend on the instance's size (the overview reads samples),
 * so this gives its figures in a minute on a machine without the large
 * instance. Uses the test services (HOWDAH_TEST_REDIS_PORT, HOWDAH_TEST_DB_PREFIX)
 * and serves on HOWDAH_E2E_PORT + 5.
 *
 *   tsx --conditions=react-server dev/bench/sign-in-flood-small.ts
 */
async function main() {
  const log = (line: string) => process.stdout.write(`bench: ${line}\n`);
  const database = testDatabaseName("signin_flood");
  log(`building a small instance in ${database}…`);
  const connectionString = await createMastodonDatabase({ database, version: "4.6" });
  await generateInstance(connectionString, { version: "4.6", scale: "small", seed: 42 });
  const redisDb = 7;
  const redis = new Redis({ host: "127.0.0.1", port: TEST_REDIS_PORT, db: redisDb });
  await redis.flushdb();
  const env = testEnv({ connectionString, redisDb, arKeys: FIXTURE_AR_KEYS, redisPrefix: "howdah-bench-signin" });
  const context = createServerContext(loadConfig(env));
  try {
    await context.store();
    buildIfStale(log);
    const port = Number(process.env.HOWDAH_E2E_PORT ?? "3100") + 5;
    printTable(await benchSignInFlood(context, env, port, log));
  } finally {
    await context.close();
    await redis.flushdb();
    redis.disconnect();
    await dropMastodonDatabase({ database });
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error("bench failed:", error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
