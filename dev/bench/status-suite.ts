import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { refreshStatus } from "@/lib/status/refresh";
import { figure } from "./figures";
import { BENCH } from "./large-instance";
import type { LoadResult } from "./status-load";
import type { BenchSuite } from "./suites";

/**
 * The public status page under load, with the load generator in a process
 * of its own (dev/bench/status-load.ts: 32 keep-alive connections, 10 s
 * after a 2 s warm-up, asking for gzip as browsers do):
 *
 * - /status from `npm start`'s server (lib/server/main.ts, bundled, on plain
 *   node), as members get it: answered by the fast path in front of Next; the
 *   most it answers (closed loop), and p99 when paced at 2,000 a second;
 * - the same fast path on a bare Node server, the floor of that path;
 * - the naive page, which reads Mastodon's PostgreSQL, Redis and Sidekiq
 *   figures and Howdah's history on every request: the ratios.
 */
const ROOT = path.resolve(import.meta.dirname, "../..");
const LOAD = { connections: 32, seconds: 10, warmup: 2 } as const;

export function start(
  args: string[],
  env: Record<string, string>,
  conditions = ["--conditions=react-server"],
): ChildProcess {
  // Product modules import "server-only", which resolves to nothing under react-server.
  return spawn(process.execPath, [...conditions, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
}

export async function waitFor(url: string, timeoutMs = 90_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (
      await fetch(url).then(
        (r) => r.status < 500,
        () => false,
      )
    )
      return;
    await sleep(300);
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
}

export async function load(url: string, rate: number | null): Promise<LoadResult> {
  const args = [
    url,
    String(LOAD.connections),
    String(LOAD.seconds),
    String(LOAD.warmup),
    ...(rate ? [`rate=${rate}`] : []),
    "accept-encoding=gzip",
  ];
  const child = start(["--import", "tsx", path.join(ROOT, "dev/bench/status-load.ts"), ...args], {});
  let out = "";
  child.stdout!.on("data", (chunk: Buffer) => (out += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  if (code !== 0) throw new Error(`the load generator exited with ${code}`);
  return JSON.parse(out.trim().split("\n").pop()!) as LoadResult;
}

/**
 * Waits for a server just started, warms /status once, then runs each load in
 * turn (null: closed loop; a number: that rate).
 */
async function measure(
  server: ChildProcess,
  url: string,
  ready: string,
  rates: (number | null)[],
): Promise<LoadResult[]> {
  const exited = new Promise<never>((_, reject) =>
    server.once("exit", (code) => reject(new Error(`the server stopped (exit code ${code}) before it answered`))),
  );
  exited.catch(() => undefined);
  try {
    await Promise.race([waitFor(ready), exited]);
    await fetch(url).then((r) => r.arrayBuffer());
    const results: LoadResult[] = [];
    for (const rate of rates) results.push(await load(url, rate));
    return results;
  } finally {
    server.kill("SIGTERM");
    await sleep(500);
  }
}

const TARGET_RPS = 2000;

export const statusSuite: BenchSuite = {
  name: "status",
  async run({ context, env, log }) {
    log("publishing a status snapshot…");
    await refreshStatus(context);
    const serve = (port: number, mode: string) => [
      "--import",
      "tsx",
      path.join(ROOT, "dev/bench/status-serve.ts"),
      String(port),
      mode,
    ];
    const webPort = BENCH.port + 1;
    const local = (port: number, p = "/status") => `http://127.0.0.1:${port}${p}`;

    log(
      `/status from npm start: as fast as it answers, then paced at ${TARGET_RPS}/s ` +
        `(${LOAD.connections} connections, ${LOAD.seconds} s each)…`,
    );
    // The production server as `npm start` runs it: bundled, on plain node (no react-server condition for Next).
    execFileSync("sh", [path.join(ROOT, "dev/setup/build-server.sh")], { cwd: ROOT, stdio: "inherit" });
    const web = start(
      [path.join(ROOT, ".howdah/server.mjs"), "-p", String(webPort), "-H", "127.0.0.1"],
      { ...env, HOWDAH_WORKER_MODE: "separate" },
      [],
    );
    const [full, paced] = await measure(web, local(webPort), local(webPort, "/sign-in"), [null, TARGET_RPS]);
    log(`  most: ${full!.rps} requests/s, p99 ${full!.p99} ms; at ${TARGET_RPS}/s: p99 ${paced!.p99} ms`);

    log("the same fast path on a bare Node server…");
    const [bare] = await measure(start(serve(webPort + 1, "fast"), env), local(webPort + 1), local(webPort + 1), [
      null,
    ]);
    log(`  ${bare!.rps} requests/s, p99 ${bare!.p99} ms`);

    log("the naive page (reads Mastodon on every request)…");
    const [naive] = await measure(start(serve(webPort + 2, "naive"), env), local(webPort + 2), local(webPort + 2), [
      null,
    ]);
    log(`  ${naive!.rps} requests/s, p99 ${naive!.p99} ms`);

    // figure() takes ratios as naive / Howdah, right for times; for throughput it is Howdah / naive.
    const most = figure("status page requests/s, most (npm start)", full!.rps, "req/s", { min: TARGET_RPS });
    return [
      { ...most, ratio: Math.round((full!.rps / Math.max(naive!.rps, 0.01)) * 100) / 100 },
      figure(`status page p99 at ${TARGET_RPS} req/s (npm start)`, paced!.p99, "ms", { max: 50 }),
      figure("status page p99 at full load (npm start)", full!.p99, "ms", null, naive!.p99),
      figure("status page failed requests (npm start)", full!.failures + paced!.failures, "requests", { max: 0 }),
      figure("status page requests/s (fast path, bare Node server)", bare!.rps, "req/s", null),
      figure("status page requests/s, naive (reads Mastodon per request)", naive!.rps, "req/s", null),
    ];
  },
};
