import { loadConfig } from "@/lib/config/load-config";
import { FIXTURE_AR_KEYS } from "@/dev/fixtures/generator";
import { createServerContext } from "@/lib/server/context";
import { testEnv } from "@/dev/testing/test-env";
import { getDomainDossier } from "@/lib/federation/dossier";
import { rollupDomainCounts } from "@/lib/federation/domain-counts";
import { BENCH } from "./large-instance";

/**
 * `npx tsx --conditions=react-server dev/bench/dossier-driver.ts [domain] [--rollup]`: times the dossier of one
 * server on the existing large instance without rebuilding anything (the bench suite does the same
 * inside `npm run bench`). Prints each run and the median, with the machine's load. With --rollup, the
 * worker's count of the large servers runs first (as it does every 15 minutes on a live instance).
 */
async function main() {
  const args = process.argv.slice(2);
  const domain = args.find((a) => !a.startsWith("--")) ?? "mastodon.example";
  const env = testEnv({
    connectionString: BENCH.connectionString,
    redisDb: BENCH.redisDb,
    arKeys: FIXTURE_AR_KEYS,
    redisPrefix: "howdah-bench-dossier",
    extra: { HOWDAH_STATEMENT_TIMEOUT_MS: "60000" },
  });
  const context = createServerContext(loadConfig(env));
  await context.store();
  if (args.includes("--rollup")) {
    const started = performance.now();
    const result = await rollupDomainCounts(context);
    console.log(`rollup: ${JSON.stringify(result)} in ${Math.round(performance.now() - started)} ms`);
  }
  await getDomainDossier(context, domain, { canManage: true });
  const runs: number[] = [];
  for (let i = 0; i < 3; i++) {
    const started = performance.now();
    const d = await getDomainDossier(context, domain, { canManage: true });
    runs.push(performance.now() - started);
    if (i === 0)
      console.log(
        JSON.stringify({
          figures: d.figures,
          statuses: d.facts.statuses,
          reports: d.facts.reports,
          countedAt: d.countedAt,
        }),
      );
  }
  runs.sort((a, b) => a - b);
  const { loadavg } = await import("node:os");
  console.log(
    `dossier ${domain}: runs ${runs.map(Math.round).join(", ")} ms; median ${Math.round(runs[1]!)} ms; load ${loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}`,
  );
  await context.close();
}

void main();
