import { loadavg } from "node:os";
import { loadConfig } from "@/lib/config/load-config";
import { createServerContext } from "@/lib/server/context";
import { printTable, type Figure } from "./figures";
import { BENCH, benchEnv } from "./large-instance";
import { SUITES } from "./suites";

/**
 * Runs some of the bench's suites without rebuilding anything, against a copy
 * of the large instance (the suites write: snapshots, incidents, settings):
 *
 *   npx tsx --conditions=react-server dev/bench/suite-driver.ts <suite…> --database howdah_x_bench [--port 3240]
 *
 * Redis is the test Redis (HOWDAH_TEST_REDIS_PORT), DB 8; `--port` is where
 * the status suite's servers listen (port, port + 1, port + 2, port + 3).
 * The machine's load is printed before and after each suite.
 */
async function main() {
  const args = process.argv.slice(2);
  const option = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
  const database = option("--database");
  if (!database || database === BENCH.database) throw new Error("give --database, a copy of the large instance");
  const port = option("--port");
  const names = args.filter((a, i) => !a.startsWith("--") && !args[i - 1]?.startsWith("--"));
  const log = (line: string) => process.stdout.write(`bench: ${line}\n`);
  const env = benchEnv(BENCH.connectionString.replace(`/${BENCH.database}`, `/${database}`));
  const context = createServerContext(loadConfig(env));
  await context.store();
  const figures: Figure[] = [];
  const load = () =>
    loadavg()
      .map((l) => l.toFixed(2))
      .join(" ");
  for (const suite of SUITES.filter((s) => names.includes(s.name))) {
    log(`suite ${suite.name} (load ${load()})`);
    figures.push(...(await suite.run({ context, env, log, webPort: port ? Number(port) : undefined })));
    log(`suite ${suite.name} done (load ${load()})`);
  }
  await context.close();
  printTable(figures);
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error("bench failed:", error instanceof Error ? error.stack : error);
    process.exit(1);
  },
);
