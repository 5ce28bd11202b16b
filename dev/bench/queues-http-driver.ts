import { loadConfig } from "@/lib/config/load-config";
import { createServerContext } from "@/lib/server/context";
import { Permissions, PERMISSION_BITS } from "@/lib/auth/permissions";
import { getQueuesSummary } from "@/lib/queues/summary";
import { percentile, summarizeRuns, timeMany, toRun, type Run } from "./figures";
import { BENCH, benchEnv } from "./large-instance";
import { benchSidekiq, clearBenchSidekiq, populateBenchSidekiq } from "./queues-populate";
import { get, pollQueues, startSignedInServer } from "./queues-http";

/**
 * GET /api/queues over HTTP alone, for working on its cost: fills the test
 * Redis (HOWDAH_TEST_REDIS_PORT, DB 8) with the bench's million jobs, starts
 * `npm start`'s server against a copy of the large instance, signs in, and
 * polls three runs (as the page polls, then a new reading each time) beside
 * the computation alone. Node flags for the server
 * (e.g. --cpu-prof) go in HOWDAH_SERVER_NODE_FLAGS.
 *
 *   npx tsx --conditions=react-server dev/bench/queues-http-driver.ts --database howdah_x_bench --port 3400 [--runs 3]
 */
const OWNER = { permissions: Permissions.fromRoles(0, PERMISSION_BITS.administrator) };

async function main() {
  const args = process.argv.slice(2);
  const option = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
  const database = option("--database");
  if (!database || database === BENCH.database) throw new Error("give --database, a copy of the large instance");
  const runs = Number(option("--runs") ?? 3);
  const requests = Number(option("--requests") ?? 1000);
  const env = benchEnv(BENCH.connectionString.replace(`/${BENCH.database}`, `/${database}`));
  const context = createServerContext(loadConfig(env));
  const { raw, redis, keys, format } = await benchSidekiq(context);
  await populateBenchSidekiq(redis, raw.readDb, format, () => {});
  const server = await startSignedInServer(env, Number(option("--port") ?? 3400));
  try {
    await pollQueues(server, 200);
    await timeMany(200, () => getQueuesSummary(context, OWNER));
    const probe = await get(`${server.base}/api/queues`, { cookie: server.cookie });
    console.log(`answered by ${probe.answeredBy}, ${probe.body.length} bytes`);
    const shared: Run[] = [];
    const http: Run[] = [];
    const alone: Run[] = [];
    for (let run = 0; run < runs; run++) {
      shared.push(toRun(await pollQueues(server, requests)));
      const h = await pollQueues(server, requests, true);
      http.push(toRun(h));
      alone.push(toRun(await timeMany(requests, () => getQueuesSummary(context, OWNER))));
      console.log(`  http p99 ${percentile(h, 99).toFixed(2)} max ${Math.max(...h).toFixed(2)}`);
    }
    for (const line of summarizeRuns("GET /api/queues over HTTP, polls sharing a reading", shared).lines)
      console.log(line);
    for (const line of summarizeRuns("GET /api/queues over HTTP, a new reading each", http).lines) console.log(line);
    for (const line of summarizeRuns("computation alone", alone).lines) console.log(line);
  } finally {
    await server.stop();
    await clearBenchSidekiq(redis, keys);
    await context.close();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error("queues-http-driver failed:", error instanceof Error ? error.stack : error);
    process.exit(1);
  },
);
