import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import http from "node:http";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { loadavg } from "node:os";
import { gunzipSync } from "node:zlib";
import { FAST_PATH_HEADER } from "@/lib/server/status-answers";
import { refreshStatus } from "@/lib/status/refresh";
import { figure, type Figure } from "./figures";
import { httpLoad, startNginx } from "./nginx-reference";
import { treeRssMb } from "./process-memory";
import { BENCH_INCIDENT_TITLE, openBenchIncidents } from "./status-incidents";
import { BENCH } from "./large-instance";
import type { LoadResult } from "./status-load";
import type { BenchEnv, BenchSuite } from "./suites";

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
const RSS_TARGET_MB = 300;
const MOST = "status page requests/s, most (npm start)";
/** Node's flags for the web server, as `npm start` passes them (package.json). */
const SERVER_NODE_FLAGS: string[] = [];
const load1 = () => loadavg()[0]!.toFixed(2);

/**
 * Polls /status from the moment the server is spawned until something
 * answers, and tells who answered the very first request (the fast path
 * marks its answers); the server listens before Next is ready for this.
 */
async function firstAnswer(url: string, timeoutMs = 90_000): Promise<{ by: string; afterMs: number }> {
  const started = performance.now();
  while (performance.now() - started < timeoutMs) {
    const answered = await fetch(url, { headers: { "accept-encoding": "gzip" } }).then(
      async (r) => {
        await r.arrayBuffer();
        return r.status === 200 ? (r.headers.get(FAST_PATH_HEADER.name) ?? "next") : null;
      },
      () => null,
    );
    if (answered) return { by: answered, afterMs: Math.round(performance.now() - started) };
    await sleep(20);
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
}

function rawBody(url: string, headers: Record<string, string>): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve(Buffer.concat(chunks)));
      })
      .on("error", reject);
  });
}

export const statusSuite: BenchSuite = {
  name: "status",
  async run({ context, env, log, webPort: port }) {
    const store = await context.store();
    // The page as members see it on a bad day: derived from open incidents and maintenance too.
    const incidents = await openBenchIncidents(store);
    try {
      return await measureStatus({ context, env, log, webPort: port });
    } finally {
      await incidents.remove();
      await refreshStatus(context).catch(() => undefined);
    }
  },
};

async function measureStatus({ context, env, log, webPort: port }: BenchEnv): Promise<Figure[]> {
  log("publishing a status snapshot (an incident open, a maintenance window in progress, one scheduled)…");
  const snapshot = await refreshStatus(context);
  const derived = snapshot.components.filter((c) => c.state !== "operational").map((c) => `${c.id} ${c.state}`);
  log(`  components from incidents and maintenance: ${derived.join(", ")}`);
  const serve = (p: number, mode: string) => [
    "--import",
    "tsx",
    path.join(ROOT, "dev/bench/status-serve.ts"),
    String(p),
    mode,
  ];
  const webPort = port ?? BENCH.port + 1;
  const local = (p: number, at = "/status") => `http://127.0.0.1:${p}${at}`;

  // The production server as `npm start` runs it: bundled, on plain node (no react-server condition for Next).
  execFileSync("sh", [path.join(ROOT, "dev/setup/build-server.sh")], { cwd: ROOT, stdio: "inherit" });
  const web = start(
    [...SERVER_NODE_FLAGS, path.join(ROOT, ".howdah/server.mjs"), "-p", String(webPort), "-H", "127.0.0.1"],
    { ...env, HOWDAH_WORKER_MODE: "separate" },
    [],
  );
  const figures: Figure[] = [];
  let gzipped: Buffer;
  try {
    const first = await firstAnswer(local(webPort));
    log(`first /status after the start: answered by ${first.by}, ${first.afterMs} ms after the spawn`);
    figures.push(
      figure(
        "status page: first request after start answered by the fast path",
        first.by === "fast-path" ? 1 : 0,
        "yes",
        { min: 1 },
      ),
    );
    await waitFor(local(webPort, "/sign-in"));
    // The bytes as they go on the wire (fetch would unzip them).
    gzipped = await rawBody(local(webPort), { "accept-encoding": "gzip" });
    const html = gunzipSync(gzipped).toString("utf8");
    if (!html.includes(BENCH_INCIDENT_TITLE)) throw new Error("the served page does not show the bench's incident");
    log(`  the page (${gzipped.length} bytes gzipped) shows the incident and the maintenance`);

    log(
      `/status from npm start: as fast as it answers, then paced at ${TARGET_RPS}/s ` +
        `(${LOAD.connections} connections, ${LOAD.seconds} s each)…`,
    );
    const full = await load(local(webPort), null);
    const paced = await load(local(webPort), TARGET_RPS);
    log(
      `  most: ${full.rps} requests/s, p99 ${full.p99} ms; at ${TARGET_RPS}/s: p99 ${paced.p99} ms (load ${load1()})`,
    );
    figures.push(
      figure(MOST, full.rps, "req/s", { min: TARGET_RPS }),
      figure(`status page p99 at ${TARGET_RPS} req/s (npm start)`, paced.p99, "ms", { max: 50 }),
      figure("status page p99 at full load (npm start)", full.p99, "ms", null),
      figure("status page failed requests (npm start)", full.failures + paced.failures, "requests", { max: 0 }),
    );

    const howdahWrk = await httpLoad(local(webPort));
    log(`  with ${howdahWrk.tool}: ${howdahWrk.rps} requests/s, p99 ${howdahWrk.p99} ms (load ${load1()})`);

    log("web process memory a minute after the load tests…");
    const peak = treeRssMb(web.pid!);
    await sleep(60_000);
    const after = treeRssMb(web.pid!);
    log(`  RSS ${peak.toFixed(0)} MB right after the loads, ${after.toFixed(0)} MB a minute later (load ${load1()})`);
    figures.push(
      figure("web process RSS right after the status loads", Math.round(peak), "MB", null),
      figure("web process RSS one minute after the load tests", Math.round(after), "MB", { max: RSS_TARGET_MB }),
    );

    log(`nginx serving the same gzipped bytes (one worker, as Howdah's one process; then as many as cores)…`);
    for (const workers of [1, "auto"] as const) {
      const nginx = await startNginx(gzipped, webPort + 3, workers);
      if (!nginx) {
        log("  nginx is not installed (dev/setup/ensure.sh --bench installs it): no ratio");
        break;
      }
      try {
        const result = await httpLoad(local(webPort + 3));
        log(
          `  nginx (${workers} worker${workers === 1 ? "" : "s"}), ${result.tool}: ` +
            `${result.rps} requests/s, p99 ${result.p99} ms (load ${load1()})`,
        );
        if (workers === 1) {
          const share = Math.round((howdahWrk.rps / result.rps) * 1000) / 10;
          figures.push(
            figure("status page requests/s against nginx (same bytes, one worker)", share, "%", { min: 50 }),
            figure("nginx requests/s, same gzipped bytes (one worker)", result.rps, "req/s", null),
          );
        } else
          figures.push(figure("nginx requests/s, same gzipped bytes (workers = cores)", result.rps, "req/s", null));
      } finally {
        await nginx.stop();
      }
    }
  } finally {
    web.kill("SIGTERM");
    await sleep(500);
  }

  log("the same fast path on a bare Node server…");
  const [bare] = await measure(start(serve(webPort + 1, "fast"), env), local(webPort + 1), local(webPort + 1), [null]);
  log(`  ${bare!.rps} requests/s, p99 ${bare!.p99} ms`);

  log("the naive page (reads Mastodon on every request)…");
  const [naive] = await measure(start(serve(webPort + 2, "naive"), env), local(webPort + 2), local(webPort + 2), [
    null,
  ]);
  log(`  ${naive!.rps} requests/s, p99 ${naive!.p99} ms`);

  // figure() takes ratios as naive / Howdah, right for times; for throughput it is Howdah / naive.
  const most = figures.findIndex((f) => f.name === MOST);
  if (most >= 0)
    figures[most] = {
      ...figures[most]!,
      ratio: Math.round((figures[most]!.value / Math.max(naive!.rps, 0.01)) * 100) / 100,
    };
  figures.push(
    figure("status page requests/s (fast path, bare Node server)", bare!.rps, "req/s", null),
    figure("status page requests/s, naive (reads Mastodon per request)", naive!.rps, "req/s", null),
  );
  return figures;
}
