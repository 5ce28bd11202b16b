import pg from "pg";
import { createMastodonDatabase } from "@/dev/fixtures/mastodon-schema/create-mastodon-database";
import { FIXTURE_AR_KEYS, generateInstance } from "@/dev/fixtures/generator";
import { testEnv } from "@/dev/testing/test-env";

/**
 * The benchmark's large instance (≥ 5M statuses, 2M media, 200k accounts),
 * built once and reused across runs: a comment on the database records the
 * generator recipe it was built with, and a different recipe rebuilds it.
 */
export const BENCH = {
  database: "howdah_bench",
  connectionString: "postgresql://postgres@127.0.0.1:5432/howdah_bench",
  redisDb: 8,
  port: 3200,
} as const;
const RECIPE = "howdah-bench large seed=1 v4.6 r2";

async function currentRecipe(): Promise<string | null> {
  const admin = new pg.Client({ connectionString: "postgresql://postgres@127.0.0.1:5432/postgres" });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ comment: string | null }>(
      "SELECT shobj_description(oid, 'pg_database') AS comment FROM pg_database WHERE datname = $1",
      [BENCH.database],
    );
    return rows[0]?.comment ?? null;
  } finally {
    await admin.end();
  }
}

export async function ensureLargeInstance(log: (line: string) => void): Promise<void> {
  if ((await currentRecipe()) === RECIPE) {
    log(`reusing the large instance in database ${BENCH.database}`);
    return;
  }
  log("building the large instance (once; several minutes)…");
  const started = performance.now();
  const connectionString = await createMastodonDatabase({ database: BENCH.database, version: "4.6" });
  await generateInstance(connectionString, { version: "4.6", scale: "large", seed: 1 });
  const admin = new pg.Client({ connectionString: "postgresql://postgres@127.0.0.1:5432/postgres" });
  await admin.connect();
  await admin.query(`COMMENT ON DATABASE ${BENCH.database} IS '${RECIPE}'`);
  await admin.end();
  log(`large instance built in ${Math.round((performance.now() - started) / 1000)} s`);
}

/** Howdah's environment for the bench: the large instance (or a copy of it, by its connection string), Redis DB 8. */
export function benchEnv(connectionString: string = BENCH.connectionString): Record<string, string> {
  return testEnv({
    connectionString,
    redisDb: BENCH.redisDb,
    arKeys: FIXTURE_AR_KEYS,
    redisPrefix: "howdah-bench",
    extra: { HOWDAH_STATEMENT_TIMEOUT_MS: "60000" },
  });
}
