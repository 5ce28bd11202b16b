import type { Redis } from "ioredis";
import type pg from "pg";
import { afterAll, beforeAll } from "vitest";
import { loadConfig } from "@/lib/config/load-config";
import {
  createMastodonDatabase,
  dropMastodonDatabase,
  type MastodonSchemaVersion,
} from "@/dev/fixtures/mastodon-schema/create-mastodon-database";
import { QUEUES_TEST_REDIS_DB, useQueuesTestRedis } from "@/dev/testing/queues-test-redis";
import { createServerContext, type ServerContext } from "@/lib/server/context";
import { testEnv } from "@/dev/testing/test-env";
import { testDatabaseName } from "@/dev/testing/test-services";
import { testPool } from "@/dev/testing/test-pool";

/**
 * For the queue feature tests: a Mastodon database of the given version
 * (schema only, plus the rows a test inserts), Howdah's store in it, Redis
 * DB 13 (locked for the file, cleared between tests) and a ServerContext
 * wired to both as production wires them.
 */
export interface QueuesTestContext {
  context: ServerContext;
  redis: Redis;
  db: pg.Pool;
  connectionString: string;
}

export function useQueuesTestContext(
  name: string,
  version: MastodonSchemaVersion,
  extraEnv: Record<string, string> = {},
): QueuesTestContext {
  const redis = useQueuesTestRedis();
  // Under HOWDAH_TEST_DB_PREFIX, so two checkouts testing at once never drop each other's database.
  const database = testDatabaseName(`q_${name}_${version.replace(".", "")}`);
  const holder = { redis } as QueuesTestContext;
  beforeAll(async () => {
    holder.connectionString = await createMastodonDatabase({ database, version });
    holder.db = testPool(holder.connectionString);
    holder.context = createServerContext(
      loadConfig(
        testEnv({ connectionString: holder.connectionString, redisDb: QUEUES_TEST_REDIS_DB, extra: extraEnv }),
      ),
    );
    await holder.context.store();
  });
  afterAll(async () => {
    await holder.context?.close();
    await holder.db?.end();
    await dropMastodonDatabase({ database });
  });
  return holder;
}

/** Empties Howdah's queue tables between tests. */
export async function clearQueueTables(db: pg.Pool): Promise<void> {
  await db.query(
    `TRUNCATE howdah.sidekiq_samples, howdah.sidekiq_queue_samples, howdah.queue_latency_thresholds,
       howdah.queue_alert_settings, howdah.audit_log`,
  );
}
