import { execFileSync, type ChildProcess } from "node:child_process";
import http from "node:http";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { httpSignIn } from "@/dev/testing/http-sign-in";
import { FIXTURE_USERS } from "@/dev/testing/fixture-users";
import { QUEUES_FAST_PATH_HEADER } from "@/lib/server/queues-answer";
import { timeMany } from "./figures";
import { start, waitFor } from "./status-suite";

/**
 * What the Queues page's poll costs the person who has it open: `GET
 * /api/queues` from `npm start`'s server (bundled, on plain node), signed in
 * as the owner the way the browser form signs in, one request after another
 * on one keep-alive connection, as a tab's poll is. Used by the queues suite.
 */
const ROOT = path.resolve(import.meta.dirname, "../..");

export interface QueuesServer {
  base: string;
  cookie: string;
  server: ChildProcess;
  stop(): Promise<void>;
}

/** Builds the server entry (Next's build must exist), starts it on `port` with `env`, and signs in. */
export async function startSignedInServer(env: Record<string, string>, port: number): Promise<QueuesServer> {
  execFileSync("sh", [path.join(ROOT, "dev/setup/build-server.sh")], { cwd: ROOT, stdio: "inherit" });
  // Node flags for the server when working on its cost (e.g. --cpu-prof); none in the bench, as `npm start`.
  const flags = (process.env.HOWDAH_SERVER_NODE_FLAGS ?? "").split(" ").filter(Boolean);
  const server = start(
    [...flags, path.join(ROOT, ".howdah/server.mjs"), "-p", String(port), "-H", "127.0.0.1"],
    { ...env, HOWDAH_WORKER_MODE: "separate" },
    [],
  );
  server.stdout?.resume();
  const base = `http://127.0.0.1:${port}`;
  const stop = async () => {
    server.kill("SIGTERM");
    await sleep(500);
  };
  try {
    await waitFor(`${base}/sign-in`);
    const cookie = await httpSignIn(base, FIXTURE_USERS.owner.email, FIXTURE_USERS.owner.password);
    return { base, cookie, server, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

/** One GET on the keep-alive connection: status, the answer's marker header and the body. */
export function get(
  url: string,
  headers: Record<string, string>,
): Promise<{ status: number; answeredBy: string; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            answeredBy: String(res.headers[QUEUES_FAST_PATH_HEADER.name] ?? "next"),
            body: Buffer.concat(chunks).toString("utf8"),
          }),
        );
        res.on("error", reject);
      })
      .on("error", reject);
  });
}

/**
 * `times` polls of /api/queues, one after another; each must be a 200. As the
 * page polls, polls within a second share one reading on the server
 * (lib/queues/summary-share.ts); `fresh` asks for a new reading each time.
 */
export function pollQueues(server: QueuesServer, times: number, fresh = false): Promise<number[]> {
  const headers: Record<string, string> = { cookie: server.cookie, ...(fresh ? { "cache-control": "no-cache" } : {}) };
  return timeMany(times, async () => {
    const answer = await get(`${server.base}/api/queues`, headers);
    if (answer.status !== 200) throw new Error(`/api/queues answered ${answer.status}`);
  });
}

/** The floor: the same client and server answering a prerendered buffer (the status page's fast path). */
export function pollStatus(server: QueuesServer, times: number): Promise<number[]> {
  return timeMany(times, async () => {
    await get(`${server.base}/status`, { "accept-encoding": "gzip" });
  });
}
