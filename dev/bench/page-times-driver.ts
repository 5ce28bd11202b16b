import { loadavg } from "node:os";
import { loadConfig } from "@/lib/config/load-config";
import { FIXTURE_AR_KEYS } from "@/dev/fixtures/generator";
import { createServerContext, type ServerContext } from "@/lib/server/context";
import { testEnv } from "@/dev/testing/test-env";
import { percentile, timeMany } from "./figures";
import { busiestDomain, pageApis } from "./pages-suite";

/**
 * `npx tsx --conditions=react-server dev/bench/page-times-driver.ts <database> [rounds]`: the server time of
 * each admin page's API function (what its route handler calls; the pages suite's list) on an instance
 * whose rollups are caught up, p50 and p95 over `rounds` calls each, with the machine's load. Reads only.
 */

export function contextFor(database: string, redisDb = 8): ServerContext {
  const env = testEnv({
    connectionString: `postgresql://postgres@127.0.0.1:5432/${database}`,
    redisDb,
    arKeys: FIXTURE_AR_KEYS,
    redisPrefix: `howdah-pages-${database}`,
    extra: { HOWDAH_STATEMENT_TIMEOUT_MS: "60000" },
  });
  return createServerContext(loadConfig(env));
}

async function main() {
  const database = process.argv[2] ?? "howdah_s16_bench";
  const rounds = Number(process.argv[3] ?? 40);
  const only = process.argv[4];
  const context = contextFor(database);
  await context.store();
  const domain = process.env.DOMAIN ?? (await busiestDomain(context));
  for (const { name, call: run } of pageApis(context, domain)) {
    if (only && !name.startsWith(only)) continue;
    try {
      await run();
      const t = await timeMany(rounds, run);
      console.log(
        `${name.padEnd(20)} p50 ${percentile(t, 50).toFixed(2)} ms  p95 ${percentile(t, 95).toFixed(2)} ms  ` +
          `load ${loadavg()[0]!.toFixed(2)}`,
      );
    } catch (error) {
      console.log(`${name.padEnd(20)} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  await context.close();
}

if (process.argv[1]?.endsWith("page-times-driver.ts")) void main();
