import pg from "pg";
import { Redis } from "ioredis";
import { createMastodonDatabase } from "@/dev/fixtures/mastodon-schema/create-mastodon-database";
import { generateInstance } from "@/dev/fixtures/generator";
import { E2E } from "./e2e-instance";
import { TEST_REDIS_PORT } from "./test-services";
import { seedE2eSidekiq } from "./seed-sidekiq";
import { writeLoginActivityFromUsers } from "@/dev/fixtures/mastodon-redis/login-activity";
import { addTriageReports } from "@/dev/fixtures/triage-reports";

/**
 * Builds the browser tests' Mastodon instance afresh before Playwright starts
 * Howdah on it (run by dev/testing/run-tests.sh and `npm run test:e2e`).
 */
async function main() {
  const connectionString = await createMastodonDatabase({ database: E2E.database, version: "4.6" });
  await generateInstance(connectionString, { version: "4.6", scale: "small", seed: 7 });
  const redis = new Redis({ host: "127.0.0.1", port: TEST_REDIS_PORT, db: E2E.redisDb });
  await redis.flushdb();
  // Sidekiq data in Mastodon 4.6's format, sent by real remote accounts of the instance.
  const db = new pg.Client({ connectionString });
  await db.connect();
  const { rows } = await db.query<{ id: string }>(
    "SELECT id::text FROM accounts WHERE domain IS NOT NULL ORDER BY id LIMIT 50",
  );
  // Mastodon's activity:logins tracker, which the overview's active users count.
  await writeLoginActivityFromUsers(redis, db);
  // Open reports a moderator meets: hostile HTML, a spam wave from one server, a legal complaint.
  await addTriageReports(db);
  await db.end();
  await seedE2eSidekiq(redis, { senderAccountIds: rows.map((r) => r.id) });
  redis.disconnect();
  console.log(`howdah: browser-test instance ready in database ${E2E.database}, Redis DB ${E2E.redisDb}`);
}

main().catch((error) => {
  console.error("howdah: could not prepare the browser-test instance:", error instanceof Error ? error.message : error);
  process.exit(1);
});
