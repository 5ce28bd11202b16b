import { loadavg } from "node:os";
import { BENCH_OWNER } from "./bench-staff";
import { loadConfig } from "@/lib/config/load-config";
import { FIXTURE_AR_KEYS } from "@/dev/fixtures/generator";
import { createServerContext, type ServerContext } from "@/lib/server/context";
import { testEnv } from "@/dev/testing/test-env";
import { getOverview } from "@/lib/overview/get-overview";
import { getStoragePage } from "@/lib/storage/page-data";
import { getDomainStorage } from "@/lib/storage/domains";
import { listRelays } from "@/lib/relays/list";
import { getRelayLoad } from "@/lib/relays/live-load";
import { getRelayTraffic } from "@/lib/relays/traffic";
import { listDomainBlocks, listBlocksInput } from "@/lib/federation/blocks";
import { listDomainAllows } from "@/lib/federation/allows";
import { readFederationSummary } from "@/lib/federation/subscriptions/sources";
import { percentile, timeMany } from "./figures";

/**
 * `npx tsx --conditions=react-server dev/bench/page-times-driver.ts <database> [rounds]`: the server time of
 * each admin page's API function (what its route handler calls) on an instance whose rollups are caught up,
 * p50 and p95 over `rounds` calls each, with the machine's load. Reads only.
 */

export function pageApis(context: ServerContext, domain: string): Record<string, () => Promise<unknown>> {
  return {
    overview: () => getOverview(context, BENCH_OWNER),
    "storage 30d": () => getStoragePage(context, BENCH_OWNER, "30d"),
    "storage 1y": () => getStoragePage(context, BENCH_OWNER, "1y"),
    "storage domain": () => getDomainStorage(context, domain, "30d"),
    "relays list": () => listRelays(context),
    "relays load": () => getRelayLoad(context),
    "relays traffic 48h": () => getRelayTraffic(context, "48h"),
    "relays traffic 14d": () => getRelayTraffic(context, "14d"),
    "relays traffic 90d": () => getRelayTraffic(context, "90d"),
    "federation blocks": () => listDomainBlocks(context, listBlocksInput.parse({})),
    "federation allows": () => listDomainAllows(context),
    "federation summary": () => readFederationSummary(context),
  };
}

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
  const domain = process.env.DOMAIN ?? "mastodon.example";
  for (const [name, run] of Object.entries(pageApis(context, domain))) {
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
