import { rawConnections } from "@/dev/testing/raw-connections";
import { TEST_REDIS_PORT, testDatabaseName } from "@/dev/testing/test-services";
import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import type pg from "pg";
import { loadConfig } from "@/lib/config/load-config";
import { createMastodonDatabase, dropMastodonDatabase } from "@/dev/fixtures/mastodon-schema/create-mastodon-database";
import { FIXTURE_AR_KEYS, generateInstance, type GeneratedInstance } from "@/dev/fixtures/generator";
import { createServerContext, type ServerContext } from "@/lib/server/context";
import type { FixtureVersion } from "@/dev/testing/test-instance";
import type { RelayWriteDeps } from "@/lib/mastodon/relays/relay-writes";
import { testEnv } from "@/dev/testing/test-env";

/**
 * For the relay tests: a generated Mastodon instance as createTestInstance
 * builds it (faithful schema of the version, small scale, seed 42), wired to
 * Redis DB 15 instead of the shared per-worker indexes. The relay tests
 * assert exact Sidekiq queue contents, so a file takes a lock on DB 15 for
 * its whole run and clears it around each test; the other helpers' suites,
 * which run at the same time, never touch it.
 */
export const RELAYS_TEST_REDIS_DB = 15;
const LOCK = "howdah-test:relays-db15-lock";
const CLEAR =
  "for _, k in ipairs(redis.call('KEYS', '*')) do if k ~= ARGV[1] then redis.call('DEL', k) end end return 1";

export interface RelaysTestRedis {
  redis: Redis;
  clear(): Promise<void>;
  release(): Promise<void>;
}

export async function lockRelaysRedis(): Promise<RelaysTestRedis> {
  const redis = new Redis({ host: "127.0.0.1", port: TEST_REDIS_PORT, db: RELAYS_TEST_REDIS_DB });
  const token = randomUUID();
  while ((await redis.set(LOCK, token, "PX", 300_000, "NX")) !== "OK") await new Promise((r) => setTimeout(r, 50));
  const clear = async () => void (await redis.eval(CLEAR, 0, LOCK));
  await clear();
  return {
    redis,
    clear,
    async release() {
      await clear();
      if ((await redis.get(LOCK)) === token) await redis.del(LOCK);
      redis.disconnect();
    },
  };
}

export interface RelaysTestInstance {
  version: FixtureVersion;
  connectionString: string;
  generated: GeneratedInstance;
  context: ServerContext;
  /**
   * Another context on the same database and Redis with extra environment
   * (REDIS_NAMESPACE, LIMITED_FEDERATION_MODE…).
   */
  contextWith(extra: Record<string, string>): ServerContext;
  close(): Promise<void>;
}

export async function createRelaysTestInstance(name: string, version: FixtureVersion): Promise<RelaysTestInstance> {
  const database = testDatabaseName(`relays_${name}_${version.replace(".", "")}`);
  const connectionString = await createMastodonDatabase({ database, version });
  const generated = await generateInstance(connectionString, { version, scale: "small", seed: 42 });
  const contexts: ServerContext[] = [];
  const contextWith = (extra: Record<string, string>) => {
    const env = testEnv({
      connectionString,
      redisDb: RELAYS_TEST_REDIS_DB,
      arKeys: FIXTURE_AR_KEYS,
      redisPrefix: "howdah-test-relays",
      extra,
    });
    const context = createServerContext(loadConfig(env));
    contexts.push(context);
    return context;
  };
  const context = contextWith({});
  await context.store();
  return {
    version,
    connectionString,
    generated,
    context,
    contextWith,
    async close() {
      await Promise.all(contexts.map((c) => c.close()));
      await dropMastodonDatabase({ database });
    },
  };
}

export interface Arrival {
  accountId: string;
  /** Arrival time; default: now (the statuses.id default, as a pushed post gets it). */
  atMs?: number;
  mentions?: string[];
  mediaBytes?: number;
  reblogOfId?: string;
  inReplyToAccountId?: string;
}

/** Remote statuses arriving as Mastodon stores pushed posts; returns their ids. */
export async function insertArrivals(db: pg.Pool, arrivals: Arrival[]): Promise<string[]> {
  const ids: string[] = [];
  for (const a of arrivals) {
    const id =
      a.atMs === undefined ? null : ((BigInt(a.atMs) << 16n) | BigInt(Math.floor(Math.random() * 65536))).toString();
    const { rows } = await db.query<{ id: string }>(
      `INSERT INTO statuses
         (id, uri, account_id, local, reblog_of_id, in_reply_to_account_id, reply, created_at, updated_at)
       VALUES (COALESCE($1::bigint, timestamp_id('statuses')), 'https://arrivals.test/' || gen_random_uuid(), $2, false, $3::bigint, $4::bigint, $4::bigint IS NOT NULL,
               now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC')
       RETURNING id::text AS id`,
      [id, a.accountId, a.reblogOfId ?? null, a.inReplyToAccountId ?? null],
    );
    const statusId = rows[0]!.id;
    ids.push(statusId);
    for (const m of a.mentions ?? []) {
      await db.query(
        "INSERT INTO mentions (status_id, account_id, created_at, updated_at) VALUES ($1, $2, now(), now())",
        [statusId, m],
      );
    }
    if (a.mediaBytes) {
      await db.query(
        `INSERT INTO media_attachments
           (status_id, account_id, file_file_size, thumbnail_file_size, remote_url, created_at, updated_at)
         VALUES ($1, $2, $3, 1000, 'https://arrivals.test/media.png', now(), now())`,
        [statusId, a.accountId, a.mediaBytes - 1000],
      );
    }
  }
  return ids;
}

/**
 * What lib/mastodon/relays/relay-writes.ts needs, built as the gateway's
 * relays area builds it, for tests that call the writers directly (for
 * example with a different detected version).
 */
export async function writeDeps(context: ServerContext): Promise<RelayWriteDeps> {
  const { config, mastodon } = context;
  return {
    mastodon: rawConnections(context),
    version: await mastodon.version(),
    webDomain: config.mastodon.webDomain,
    localDomain: config.mastodon.localDomain,
    redisNamespace: config.mastodon.redisNamespace,
  };
}
