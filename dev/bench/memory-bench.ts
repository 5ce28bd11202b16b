import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { httpSignIn } from "@/dev/testing/http-sign-in";
import { figure, type Figure } from "./figures";
import { treeRssMb } from "./process-memory";

/**
 * Resident memory of the web server and the worker, idle and while a signed-in
 * page polls the overview every second, as an admin's open tab would (the
 * page polls less often; this is the harsher case).
 */
const ROOT = path.resolve(import.meta.dirname, "../..");

/** The worker as `npm run worker` runs it: bundled, on bare node. */
function bundledWorker(): string {
  execFileSync("sh", [path.join(ROOT, "dev/setup/build-worker.sh")], { cwd: ROOT, stdio: "ignore" });
  return path.join(ROOT, ".howdah/worker.mjs");
}

/** The web server as `npm start` runs it: the server entry, bundled, on bare node. */
export function bundledServer(): string {
  execFileSync("sh", [path.join(ROOT, "dev/setup/build-server.sh")], { cwd: ROOT, stdio: "ignore" });
  return path.join(ROOT, ".howdah/server.mjs");
}

function start(command: string[], env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, command, { cwd: ROOT, env: { ...process.env, ...env }, stdio: "ignore" });
}

async function waitForHttp(url: string, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const ok = await fetch(url).then(
      (r) => r.status < 500,
      () => false,
    );
    if (ok) return;
    await sleep(500);
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
}

export async function benchMemory(
  env: Record<string, string>,
  port: number,
  signIn: { email: string; password: string },
): Promise<Figure[]> {
  const base = `http://127.0.0.1:${port}`;
  const web = start([bundledServer(), "-p", String(port), "-H", "127.0.0.1"], {
    ...env,
    HOWDAH_WORKER_MODE: "separate",
  });
  const worker = start([bundledWorker()], env);
  try {
    await waitForHttp(`${base}/sign-in`);
    await sleep(10_000);
    const webIdle = treeRssMb(web.pid!);
    const workerIdle = treeRssMb(worker.pid!);

    const cookie = await httpSignIn(base, signIn.email, signIn.password);
    await fetch(`${base}/`, { headers: { cookie } });
    let webPeak = 0;
    let workerPeak = 0;
    for (let i = 0; i < 30; i++) {
      const response = await fetch(`${base}/api/overview`, { headers: { cookie } });
      if (!response.ok) throw new Error(`/api/overview answered ${response.status}`);
      webPeak = Math.max(webPeak, treeRssMb(web.pid!));
      workerPeak = Math.max(workerPeak, treeRssMb(worker.pid!));
      await sleep(1_000);
    }
    return [
      figure("web RSS idle", webIdle, "MB", { max: 300 }),
      figure("web RSS while a page polls", webPeak, "MB", { max: 300 }),
      figure("worker RSS idle", workerIdle, "MB", { max: 200 }),
      figure("worker RSS while a page polls", workerPeak, "MB", { max: 200 }),
    ];
  } finally {
    web.kill("SIGTERM");
    worker.kill("SIGTERM");
  }
}
