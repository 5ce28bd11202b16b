import { spawn, type ChildProcess } from "node:child_process";
import { loadavg } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { Permissions, PERMISSION_BITS } from "@/lib/auth/permissions";
import { loadConfig } from "@/lib/config/load-config";
import { getQueuesSummary } from "@/lib/queues/summary";
import { createServerContext } from "@/lib/server/context";
import { httpSignIn } from "@/dev/testing/http-sign-in";
import { E2E, e2eEnv } from "@/dev/testing/e2e-instance";
import { FIXTURE_USERS } from "@/dev/testing/fixture-users";
import { percentile, timeMany } from "./figures";
import { treeRssMb } from "./process-memory";

/**
 * What the Queues page's poll costs the person who has it open: `GET
 * /api/queues` over HTTP with a signed-in session, one request after another,
 * beside the same computation called in-process (server time). Three runs,
 * each with the machine's load; the median run and the spread. Runs against
 * the browser tests' instance (dev/testing/prepare-e2e.ts) and the built
 * server of a checkout (`next build` + dev/setup/build-server.sh there):
 *
 *   npx tsx --conditions=react-server dev/bench/queues-http.ts [checkout dir]
 *
 * Also prints the web process's resident memory before and after.
 */
const REQUESTS = 1_000;
const RUNS = 3;
const OWNER = { permissions: Permissions.fromRoles(0, PERMISSION_BITS.administrator) };

const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");

async function waitFor(url: string): Promise<void> {
  for (let i = 0; i < 240; i++) {
    if (
      await fetch(url).then(
        (r) => r.status < 500,
        () => false,
      )
    )
      return;
    await sleep(500);
  }
  throw new Error(`${url} did not answer`);
}

async function pollQueues(base: string, cookie: string, times: number): Promise<number[]> {
  return timeMany(times, async () => {
    const response = await fetch(`${base}/api/queues`, { headers: { cookie } });
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`/api/queues answered ${response.status}`);
  });
}

const summary = (label: string, runs: { p50: number; p95: number; load: string }[]) => {
  const p95s = runs.map((r) => r.p95).sort((a, b) => a - b);
  const p50s = runs.map((r) => r.p50).sort((a, b) => a - b);
  for (const [i, r] of runs.entries())
    console.log(`  ${label} run ${i + 1}: p50 ${r.p50.toFixed(2)} ms, p95 ${r.p95.toFixed(2)} ms (load ${r.load})`);
  console.log(
    `${label}: median p50 ${p50s[1]!.toFixed(2)} ms [${p50s[0]!.toFixed(2)}–${p50s[2]!.toFixed(2)}], ` +
      `median p95 ${p95s[1]!.toFixed(2)} ms [${p95s[0]!.toFixed(2)}–${p95s[2]!.toFixed(2)}]`,
  );
  return { p50: p50s[1]!, p95: p95s[1]! };
};

async function main() {
  const checkout = path.resolve(process.argv[2] ?? path.resolve(import.meta.dirname, "../.."));
  const env = { ...e2eEnv(), HOWDAH_WORKER_MODE: "separate", NODE_OPTIONS: "" };
  const base = `http://127.0.0.1:${E2E.port}`;
  const server: ChildProcess = spawn(
    process.execPath,
    [path.join(checkout, ".howdah/server.mjs"), "-p", String(E2E.port), "-H", "127.0.0.1"],
    { cwd: checkout, env: { ...process.env, ...env }, stdio: ["ignore", "ignore", "inherit"] },
  );
  const context = createServerContext(loadConfig(env));
  try {
    await waitFor(`${base}/sign-in`);
    console.log(`checkout ${checkout}; web RSS after start ${treeRssMb(server.pid!).toFixed(0)} MB`);
    const cookie = await httpSignIn(base, FIXTURE_USERS.owner.email, FIXTURE_USERS.owner.password);
    await pollQueues(base, cookie, 200); // JIT, pools, route modules
    await timeMany(200, () => getQueuesSummary(context, OWNER));
    const probe = await fetch(`${base}/api/queues`, { headers: { cookie } });
    await probe.arrayBuffer();
    console.log(`/api/queues answered by: ${probe.headers.get("x-howdah-answer") ?? "Next"}`);
    const floor: { p50: number; p95: number; load: string }[] = [];
    const http: { p50: number; p95: number; load: string }[] = [];
    const server_: { p50: number; p95: number; load: string }[] = [];
    for (let run = 0; run < RUNS; run++) {
      // The floor: the same client and server answering a prerendered buffer (the status fast path).
      const f = await timeMany(REQUESTS, async () => {
        await (await fetch(`${base}/status`, { headers: { cookie, "accept-encoding": "gzip" } })).arrayBuffer();
      });
      floor.push({ p50: percentile(f, 50), p95: percentile(f, 95), load: load() });
      const h = await pollQueues(base, cookie, REQUESTS);
      http.push({ p50: percentile(h, 50), p95: percentile(h, 95), load: load() });
      const s = await timeMany(REQUESTS, () => getQueuesSummary(context, OWNER));
      server_.push({ p50: percentile(s, 50), p95: percentile(s, 95), load: load() });
    }
    summary("HTTP floor: GET /status (a prerendered buffer)", floor);
    const over = summary("GET /api/queues over HTTP, signed in", http);
    const alone = summary("queues summary computation alone (in-process)", server_);
    console.log(
      `HTTP / computation: p50 ${(over.p50 / alone.p50).toFixed(2)}×, p95 ${(over.p95 / alone.p95).toFixed(2)}×`,
    );
    console.log(`web RSS after the runs ${treeRssMb(server.pid!).toFixed(0)} MB`);
  } finally {
    server.kill("SIGTERM");
    await context.close();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error("queues-http failed:", error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
