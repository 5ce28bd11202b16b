import { execFileSync, spawn } from "node:child_process";
import { setPriority } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { FIXTURE_USERS } from "@/dev/testing/fixture-users";
import { httpSignIn } from "@/dev/testing/http-sign-in";
import type { ServerContext } from "@/lib/server/context";
import { refreshStatus } from "@/lib/status/refresh";
import { figure, percentile, type Figure } from "./figures";
import { BENCH } from "./large-instance";
import type { FloodResult } from "./sign-in-flood-load";
import type { LoadResult } from "./status-load";
import { load, start, waitFor } from "./status-suite";
import type { BenchSuite } from "./suites";

/**
 * An anonymous sign-in flood against `npm start`'s server (bundled, on plain
 * node), and what members and staff see meanwhile:
 *
 * - the flood (dev/bench/sign-in-flood-load.ts, its own process, at the
 *   lowest CPU priority: an attacker's CPU is not the server's): wrong
 *   passwords for unknown e-mails, each attempt from a different forwarded
 *   address, so no per-address limit stops it and every admitted attempt
 *   costs a bcrypt check. Bounded: 200 attempts a second on schedule (25 times
 *   the 8 a second that 20 concurrent sign-ins managed before the hashing
 *   pool). Then, for the record, unbounded: 20 connections as fast as the
 *   answers come, which with cheap refusals is a plain HTTP flood (thousands
 *   a second) that only a rate limit in front of Howdah can stop;
 * - /status as fast as it answers (32 connections, closed loop) during it;
 * - an admin's overview (/api/overview, signed in), one request after another,
 *   during it; its p95.
 * Each of the two is measured in a flood of its own, and once without a flood
 * for comparison.
 */
const ROOT = path.resolve(import.meta.dirname, "../..");
const FLOOD = { connections: 20, warmup: 3, seconds: 10, rate: 200 } as const;

async function flood(base: string, seconds: number, rate: number | null): Promise<FloodResult> {
  const child = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      path.join(ROOT, "dev/bench/sign-in-flood-load.ts"),
      base,
      String(FLOOD.connections),
      String(seconds),
      ...(rate ? [String(rate)] : []),
    ],
    { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"] },
  );
  // The attacker's own CPU is not the server's: on this one machine the flood runs at the lowest priority.
  setPriority(child.pid!, 19);
  let out = "";
  child.stdout!.on("data", (chunk: Buffer) => (out += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  if (code !== 0) throw new Error(`the sign-in flood exited with ${code}`);
  return JSON.parse(out.trim().split("\n").pop()!) as FloodResult;
}

/** One admin's overview requests, one after another, for `seconds`: each one's time. */
async function pollOverview(base: string, cookie: string, seconds: number): Promise<number[]> {
  const samples: number[] = [];
  const stopAt = performance.now() + seconds * 1000;
  while (performance.now() < stopAt) {
    const started = performance.now();
    const response = await fetch(`${base}/api/overview`, { headers: { cookie } });
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`/api/overview answered ${response.status}`);
    samples.push(performance.now() - started);
  }
  return samples;
}

/** Runs `measure` once the flood has warmed up, and the flood until it is done. */
async function during<T>(
  base: string,
  rate: number | null,
  measure: () => Promise<T>,
): Promise<{ result: T; flood: FloodResult }> {
  const flooding = flood(base, FLOOD.warmup + FLOOD.seconds + 2, rate);
  await sleep(FLOOD.warmup * 1000);
  const result = await measure();
  return { result, flood: await flooding };
}

export async function benchSignInFlood(
  context: ServerContext,
  env: Record<string, string>,
  port: number,
  log: (line: string) => void,
): Promise<Figure[]> {
  log("publishing a status snapshot…");
  await refreshStatus(context);
  execFileSync("sh", [path.join(ROOT, "dev/setup/build-server.sh")], { cwd: ROOT, stdio: "inherit" });
  const server = start(
    [path.join(ROOT, ".howdah/server.mjs"), "-p", String(port), "-H", "127.0.0.1"],
    { ...env, HOWDAH_WORKER_MODE: "separate" },
    [],
  );
  const base = `http://127.0.0.1:${port}`;
  try {
    await waitFor(`${base}/sign-in`);
    const cookie = await httpSignIn(base, FIXTURE_USERS.owner.email, FIXTURE_USERS.owner.password);
    await pollOverview(base, cookie, 2); // warms the overview's caches and pools
    await fetch(`${base}/status`).then((r) => r.arrayBuffer());

    log("without a flood: /status as fast as it answers, then an admin's overview…");
    const quietStatus: LoadResult = await load(`${base}/status`, null);
    const quietOverview = await pollOverview(base, cookie, FLOOD.seconds);
    log(`  /status ${quietStatus.rps} req/s; overview p95 ${percentile(quietOverview, 95).toFixed(1)} ms`);

    const checked = (f: FloodResult) => (f.attempts - (f.reasons.busy ?? 0) - f.failures) / f.seconds;
    const underFlood = async (rate: number | null) => {
      const what = rate ? `${rate} a second` : `${FLOOD.connections} connections as fast as answered`;
      log(`during a flood of anonymous sign-ins (${what}): /status…`);
      const status = await during(base, rate, () => load(`${base}/status`, null));
      log(`  /status ${status.result.rps} req/s, p99 ${status.result.p99} ms; flood ${JSON.stringify(status.flood)}`);
      log("during another: an admin's overview…");
      const overview = await during(base, rate, () => pollOverview(base, cookie, FLOOD.seconds));
      const p95 = percentile(overview.result, 95);
      const requests = overview.result.length;
      log(`  overview p95 ${p95.toFixed(1)} ms over ${requests} requests; flood ${JSON.stringify(overview.flood)}`);
      return { status: status.result, p95, flood: overview.flood };
    };
    const bounded = await underFlood(FLOOD.rate);
    const unbounded = await underFlood(null);

    const during200 = `during a sign-in flood of ${FLOOD.rate}/s`;
    const sent = Math.round((bounded.flood.attempts / bounded.flood.seconds) * 10) / 10;
    return [
      figure(`status page req/s ${during200}`, bounded.status.rps, "req/s", { min: 2000 }),
      figure(`status page failed requests ${during200}`, bounded.status.failures, "requests", { max: 0 }),
      figure(`overview p95 ${during200}`, bounded.p95, "ms", { max: 100 }),
      figure(`sign-ins sent per second ${during200}`, sent, "req/s", { min: FLOOD.rate * 0.9 }),
      figure(`sign-ins whose password was checked, per second, ${during200}`, checked(bounded.flood), "req/s", null),
      figure("status page req/s without a flood", quietStatus.rps, "req/s", null),
      figure("overview p95 without a flood", percentile(quietOverview, 95), "ms", null),
      figure("status page req/s during an unbounded sign-in flood", unbounded.status.rps, "req/s", null),
      figure("overview p95 during an unbounded sign-in flood", unbounded.p95, "ms", null),
      figure("unbounded flood: sign-ins answered per second", unbounded.flood.perSecond, "req/s", null),
    ];
  } finally {
    server.kill("SIGTERM");
    await sleep(500);
  }
}

export const signInFloodSuite: BenchSuite = {
  name: "sign-in-flood",
  async run({ context, env, log }) {
    return benchSignInFlood(context, env, BENCH.port + 10, log);
  },
};
