import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { Redis } from "ioredis";
import { createMastodonDatabase, dropMastodonDatabase } from "@/dev/fixtures/mastodon-schema/create-mastodon-database";
import { FIXTURE_AR_KEYS, generateInstance } from "@/dev/fixtures/generator";
import { E2E } from "./e2e-instance";
import { startFaultProxy, type FaultMode, type FaultProxy } from "./fault-proxy";
import { startHealthServer, type HealthServer } from "./status-test-servers";
import { testEnv } from "./test-env";
import { TEST_REDIS_PORT, testDatabaseName } from "./test-services";

/**
 * The fault-injection suite's Howdah (e2e/faults.spec.ts): its own Mastodon
 * database and Redis DB index, reached only through two fault proxies
 * (dev/testing/fault-proxy.ts), served by the production build in a child
 * process (`node .howdah/server.mjs`, as `npm start` runs it) whose log is
 * kept, so the suite can count what an outage writes to it. Timeouts and the
 * status interval are set short so each outage and recovery takes seconds.
 */
export const FAULTS = {
  database: testDatabaseName("faults"),
  redisDb: 7,
  // Next to the browser tests' port, so two checkouts testing at once stay apart.
  port: E2E.port + 1,
  /** The status round's interval in this instance (HOWDAH_STATUS_INTERVAL_SECONDS). */
  statusIntervalMs: 5_000,
  probeTimeoutMs: 1_000,
  statementTimeoutMs: 2_000,
  redisCommandTimeoutMs: 1_500,
} as const;

export interface LogLine {
  at: number;
  text: string;
}

export interface FaultInstance {
  url: string;
  pgProxy: FaultProxy;
  redisProxy: FaultProxy;
  /** Everything the server wrote to stdout and stderr, line by line, with the time it arrived. */
  log: LogLine[];
  /** A connection of the suite's own, straight to PostgreSQL (not through the proxy), to count the store's rows. */
  direct: pg.Pool;
  fault(services: ("pg" | "redis")[], mode: FaultMode): Promise<void>;
  /** Starts the server (again); resolves once it listens, or rejects after `timeoutMs`. */
  start(timeoutMs?: number): Promise<number>;
  stop(): Promise<void>;
  close(): Promise<void>;
}

export async function prepareFaultInstance(): Promise<FaultInstance> {
  // The server entry `npm start` runs, over the `.next` build run-tests.sh made.
  execFileSync("sh", ["dev/setup/build-server.sh"], { stdio: "inherit" });
  const connectionString = await createMastodonDatabase({ database: FAULTS.database, version: "4.6" });
  await generateInstance(connectionString, { version: "4.6", scale: "small", seed: 11 });
  const redis = new Redis({ host: "127.0.0.1", port: TEST_REDIS_PORT, db: FAULTS.redisDb });
  await redis.flushdb();
  redis.disconnect();

  const pgProxy = await startFaultProxy({ host: "127.0.0.1", port: 5432 });
  const redisProxy = await startFaultProxy({ host: "127.0.0.1", port: TEST_REDIS_PORT });
  // Mastodon's web and streaming health checks, healthy throughout: only the database and Redis fail.
  const health: HealthServer[] = [await startHealthServer("/health"), await startHealthServer("/api/v1/streaming")];
  const url = `http://127.0.0.1:${FAULTS.port}`;
  const env = {
    ...process.env,
    NODE_OPTIONS: "",
    ...testEnv({
      connectionString: `postgresql://postgres@127.0.0.1:${pgProxy.port}/${FAULTS.database}`,
      redisDb: FAULTS.redisDb,
      arKeys: FIXTURE_AR_KEYS,
      redisPrefix: "howdah-faults",
      extra: {
        REDIS_URL: `redis://127.0.0.1:${redisProxy.port}/${FAULTS.redisDb}`,
        HOWDAH_URL: url,
        NEXTAUTH_URL: url,
        HOWDAH_WORKER_MODE: "inline",
        HOWDAH_STATEMENT_TIMEOUT_MS: String(FAULTS.statementTimeoutMs),
        HOWDAH_STORE_STATEMENT_TIMEOUT_MS: "3000",
        HOWDAH_REDIS_COMMAND_TIMEOUT_MS: String(FAULTS.redisCommandTimeoutMs),
        HOWDAH_STATUS_INTERVAL_SECONDS: String(FAULTS.statusIntervalMs / 1000),
        HOWDAH_PROBE_WEB_URL: health[0]!.url,
        HOWDAH_PROBE_STREAMING_URL: health[1]!.url,
        HOWDAH_PROBE_TIMEOUT_MS: String(FAULTS.probeTimeoutMs),
        HOWDAH_STATUS_SNAPSHOT_FILE: path.join(mkdtempSync(path.join(tmpdir(), "howdah-faults-")), "snapshot.json"),
      },
    }),
  };
  const direct = new pg.Pool({ connectionString, max: 2 });
  // An idle check connection ended from the server's side (the database dropped
  // at the end, a restart) must not crash the test run; a query in flight still fails.
  direct.on("error", () => undefined);
  const log: LogLine[] = [];
  let child: ChildProcess | null = null;

  const collect = (stream: NodeJS.ReadableStream) => {
    let rest = "";
    stream.on("data", (chunk: Buffer) => {
      const lines = (rest + chunk.toString("utf8")).split("\n");
      rest = lines.pop() ?? "";
      for (const text of lines) log.push({ at: Date.now(), text });
    });
  };

  const instance: FaultInstance = {
    url,
    pgProxy,
    redisProxy,
    log,
    direct,
    async fault(services, mode) {
      await Promise.all(services.map((s) => (s === "pg" ? pgProxy : redisProxy).set(mode)));
    },
    async start(timeoutMs = 60_000) {
      const started = Date.now();
      child = spawn(process.execPath, [".howdah/server.mjs", "-p", String(FAULTS.port), "-H", "127.0.0.1"], {
        env,
        stdio: ["ignore", "pipe", "pipe"],
      });
      collect(child.stdout!);
      collect(child.stderr!);
      const exited = new Promise<never>((_, reject) =>
        child!.once("exit", (code) => reject(new Error(`Howdah exited with ${code} before listening`))),
      );
      const deadline = new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error(`Howdah did not listen within ${timeoutMs} ms`)), timeoutMs).unref(),
      );
      const listening = (async () => {
        while (!log.some((l) => l.at >= started && l.text.includes("Howdah is listening"))) {
          await new Promise((r) => setTimeout(r, 100));
        }
      })();
      await Promise.race([listening, exited, deadline]);
      return Date.now() - started;
    },
    async stop() {
      const running = child;
      child = null;
      if (!running || running.exitCode !== null) return;
      const exited = new Promise((resolve) => running.once("exit", resolve));
      running.kill("SIGTERM");
      const forced = setTimeout(() => running.kill("SIGKILL"), 8_000);
      await exited;
      clearTimeout(forced);
    },
    async close() {
      await instance.stop();
      await Promise.all([pgProxy.close(), redisProxy.close(), ...health.map((h) => h.close())]);
      await direct.end();
      await dropMastodonDatabase({ database: FAULTS.database });
    },
  };
  return instance;
}
