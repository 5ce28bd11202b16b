import { Redis } from "ioredis";
import { dropMastodonDatabase } from "@/dev/fixtures/mastodon-schema/create-mastodon-database";
import { E2E } from "./e2e-instance";
import { TEST_REDIS_PORT } from "./test-services";

/**
 * Removes the browser tests' instance once Playwright (and the Howdah server
 * it started) has exited, so `npm test` leaves the machine's PostgreSQL and
 * Redis as it found them. dev/testing/run-tests.sh skips this when
 * HOWDAH_KEEP_E2E=1, to look at the instance after a failure.
 */
async function main() {
  await dropMastodonDatabase({ database: E2E.database });
  const redis = new Redis({ host: "127.0.0.1", port: TEST_REDIS_PORT, db: E2E.redisDb });
  await redis.flushdb();
  redis.disconnect();
  console.log(`howdah: dropped database ${E2E.database} and flushed Redis DB ${E2E.redisDb}`);
}

main().catch((error) => {
  console.error("howdah: could not remove the browser-test instance:", error instanceof Error ? error.message : error);
  process.exit(1);
});
