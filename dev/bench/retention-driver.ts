import { execSync } from "node:child_process";
import { readRolledUpWhatIf } from "@/lib/retention/what-if-rollup";
import { rollupRetention } from "@/lib/retention/what-if-rollup-run";
import { percentile, timeMany } from "./figures";
import { contextFor } from "./page-times-driver";

/**
 * `npx tsx --conditions=react-server dev/bench/retention-driver.ts <database> [days]`: on a copy of a bench
 * instance (the rollup writes to Howdah's schema there), catches the what-if's rollup up, then times the
 * page's what-if (rollup + live rest) 5 times at `days` (default 30) for both caches, 7 for archives, printing
 * `uptime` beside each figure. The retention suite (retention-suite.ts) adds the naive count and its check.
 */
const uptime = () => execSync("uptime").toString().trim();

async function main() {
  const [database = "howdah_bench_wif", days = "30"] = process.argv.slice(2);
  const context = contextFor(database);
  await context.store();
  const periods = { mediaDays: Number(days), contentDays: Number(days), backupsDays: 7 };
  const t0 = performance.now();
  let run = await rollupRetention(context, { budgetMs: Infinity, forceMedia: true });
  console.log(`rollup first run ${JSON.stringify(run)} | ${uptime()}`);
  while (run.statusDaysLeft > 0) run = await rollupRetention(context, { budgetMs: Infinity });
  console.log(`rollup caught up in ${Math.round(performance.now() - t0)} ms | ${uptime()}`);
  const again = await rollupRetention(context, { budgetMs: Infinity });
  console.log(`rollup steady-state run ${JSON.stringify(again)} | ${uptime()}`);
  const now = Date.now();
  const whatIf = () => readRolledUpWhatIf(context, periods, now);
  console.log(JSON.stringify(await whatIf()));
  const samples = await timeMany(5, whatIf);
  console.log(
    `what-if at ${days} d: ${samples.map((s) => Math.round(s)).join(", ")} ms; ` +
      `p50 ${Math.round(percentile(samples, 50))} max ${Math.round(Math.max(...samples))} | ${uptime()}`,
  );
  await context.close();
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
