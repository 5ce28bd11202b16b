import { spawn, type ChildProcess } from "node:child_process";
import { loadavg } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { E2E, e2eEnv } from "@/dev/testing/e2e-instance";
import { FIXTURE_USERS } from "@/dev/testing/fixture-users";
import { httpSignIn } from "@/dev/testing/http-sign-in";
import { treeRssMb } from "./process-memory";

/**
 * Whether the web process gives back what load took: its resident memory
 * idle, right after each load (a sign-in flood, /status as fast as it
 * answers, signed-in /api/queues and /api/overview polls from 8 tabs at
 * once), and every 10 s for a minute after the last one. Against the
 * browser tests' instance (dev/testing/prepare-e2e.ts) and a built checkout:
 *
 *   npx tsx --conditions=react-server dev/bench/memory-after-load.ts [checkout dir]
 */
const ROOT = path.resolve(import.meta.dirname, "../..");
const rss = (server: ChildProcess) => `${treeRssMb(server.pid!).toFixed(0)} MB`;
const load = () => loadavg()[0]!.toFixed(2);

function runChild(script: string, args: string[]): Promise<void> {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, script), ...args], {
    cwd: ROOT,
    stdio: ["ignore", "ignore", "inherit"],
  });
  return new Promise((resolve) => child.on("exit", () => resolve()));
}

async function pollTabs(base: string, cookie: string, seconds: number, tabs = 8): Promise<number> {
  let requests = 0;
  const stopAt = Date.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: tabs }, async (_, i) => {
      while (Date.now() < stopAt) {
        const response = await fetch(`${base}/api/${i % 2 ? "overview" : "queues"}`, { headers: { cookie } });
        await response.arrayBuffer();
        requests++;
      }
    }),
  );
  return requests;
}

async function main() {
  const checkout = path.resolve(process.argv[2] ?? ROOT);
  const env = { ...e2eEnv(), HOWDAH_WORKER_MODE: "separate", NODE_OPTIONS: "" };
  const base = `http://127.0.0.1:${E2E.port}`;
  // Node flags for the server under test (e.g. "--max-semi-space-size=2"), to compare settings.
  const flags = (process.env.HOWDAH_BENCH_SERVER_FLAGS ?? "").split(" ").filter(Boolean);
  const server = spawn(
    process.execPath,
    [...flags, path.join(checkout, ".howdah/server.mjs"), "-p", String(E2E.port), "-H", "127.0.0.1"],
    { cwd: checkout, env: { ...process.env, ...env }, stdio: ["ignore", "ignore", "inherit"] },
  );
  try {
    for (
      let i = 0;
      i < 240 &&
      !(await fetch(`${base}/sign-in`).then(
        (r) => r.ok,
        () => false,
      ));
      i++
    )
      await sleep(500);
    await sleep(5_000);
    const arenas = process.env.MALLOC_ARENA_MAX ?? "unset";
    console.log(`checkout ${checkout}; node flags: ${flags.join(" ") || "none"}; MALLOC_ARENA_MAX ${arenas}`);
    console.log(`idle after start: ${rss(server)} (load ${load()})`);
    await runChild("dev/bench/sign-in-flood-load.ts", [base, "20", "20"]);
    console.log(`after 20 s of sign-in flood (20 connections): ${rss(server)} (load ${load()})`);
    await runChild("dev/bench/status-load.ts", [base + "/status", "32", "10", "2"]);
    console.log(`after 10 s of /status at 32 connections: ${rss(server)} (load ${load()})`);
    const cookie = await httpSignIn(base, FIXTURE_USERS.owner.email, FIXTURE_USERS.owner.password);
    const requests = await pollTabs(base, cookie, 20);
    console.log(`after 20 s of 8 signed-in tabs polling (${requests} requests): ${rss(server)} (load ${load()})`);
    for (let s = 10; s <= 60; s += 10) {
      await sleep(10_000);
      console.log(`  ${s} s after the load: ${rss(server)} (load ${load()})`);
    }
  } finally {
    server.kill("SIGTERM");
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error("memory-after-load failed:", error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
