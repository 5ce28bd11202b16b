import { Redis } from "ioredis";
import { loadConfig } from "@/lib/config/load-config";
import { buildIfStale } from "@/dev/demo/build-if-stale";
import { createServerContext } from "@/lib/server/context";
import { printTable, type Figure } from "./figures";
import { runGrowth } from "./growth";
import { BENCH, benchEnv, ensureLargeInstance } from "./large-instance";
import { vacuumAnalyze } from "./settle";
import { SUITES } from "./suites";

/**
 * `npm run bench [-- --json] [-- --only <suite>] [-- --growth [--scales 2,5]]`: builds (once) the large
 * instance, then runs every suite and prints each figure with its target and
 * its ratio against the naive way measured in the same run.
 */
async function main() {
  const args = process.argv.slice(2);
  const json = args.includes("--json");
  const only = args.includes("--only") ? args[args.indexOf("--only") + 1] : undefined;
  // With --json, progress goes to stderr so stdout is the JSON object alone.
  const log = (line: string) => (json ? process.stderr : process.stdout).write(`bench: ${line}\n`);

  await ensureLargeInstance(log);
  // A bulk-loaded database, or one a previous run wrote to, is not yet what a
  // live instance's is: until (auto)vacuum has passed, index-only scans visit
  // the heap and dead rows are read again. Cheap when there is nothing to do.
  log("vacuuming and analyzing the large instance, as autovacuum keeps a live one…");
  await vacuumAnalyze();
  buildIfStale(log);
  const redis = new Redis({ host: "127.0.0.1", port: 6379, db: BENCH.redisDb });
  await redis.flushdb();
  redis.disconnect();
  if (args.includes("--growth")) {
    const scales = args.includes("--scales") ? args[args.indexOf("--scales") + 1]!.split(",").map(Number) : [];
    if (scales.some((k) => !Number.isInteger(k) || k < 2))
      throw new Error("--scales takes whole multiples ≥ 2, e.g. 2,5");
    await runGrowth(scales, log);
    return;
  }
  const env = benchEnv();
  const context = createServerContext(loadConfig(env));
  await context.store();

  const figures: Figure[] = [];
  for (const suite of SUITES.filter((s) => !only || s.name === only)) {
    log(`suite ${suite.name}`);
    figures.push(...(await suite.run({ context, env, log })));
  }
  await context.close();
  if (json)
    console.log(
      JSON.stringify(
        {
          figures: figures.map(({ name, value, unit, target, ratio, note }) => ({
            name,
            value,
            unit,
            target,
            ratio,
            note,
          })),
        },
        null,
        2,
      ),
    );
  else printTable(figures);
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error("bench failed:", error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
