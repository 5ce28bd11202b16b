import { loadavg } from "node:os";
import { FIXTURE_AR_KEYS } from "@/dev/fixtures/generator";
import { testEnv } from "@/dev/testing/test-env";
import { loadConfig } from "@/lib/config/load-config";
import { createServerContext } from "@/lib/server/context";
import { federationSuite } from "./federation-suite";

/**
 * `npx tsx --conditions=react-server dev/bench/federation-preview-driver.ts <database> [runs]`: runs the
 * federation bench suite (dev/bench/federation-suite.ts) alone, `runs` times (default 3), against a COPY of
 * the large instance (the suite writes: `CREATE DATABASE <copy> TEMPLATE howdah_bench`), with the test
 * Redis (HOWDAH_TEST_REDIS_PORT) DB 10, and prints each run's figures with the load average beside them.
 */
async function main() {
  const [database, runsArg] = process.argv.slice(2);
  if (!database || database === "howdah_bench") throw new Error("give the name of a copy of howdah_bench");
  const env = testEnv({
    connectionString: `postgresql://postgres@127.0.0.1:5432/${database}`,
    redisDb: 10,
    arKeys: FIXTURE_AR_KEYS,
    redisPrefix: "howdah-bench-federation",
    extra: { HOWDAH_STATEMENT_TIMEOUT_MS: "120000" },
  });
  const context = createServerContext(loadConfig(env));
  await context.store();
  const load = () =>
    loadavg()
      .map((l) => l.toFixed(2))
      .join(" ");
  try {
    for (let run = 1; run <= Number(runsArg ?? 3); run++) {
      const figures = await federationSuite.run({
        context,
        env,
        log: (line) => console.log(`  [run ${run}, load ${load()}] ${line}`),
      });
      for (const f of figures) console.log(`run ${run}: ${JSON.stringify(f)} (load ${load()})`);
    }
  } finally {
    await context.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
