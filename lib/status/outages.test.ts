import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { FIXTURE_AR_KEYS } from "@/dev/fixtures/generator";
import { loadConfig } from "@/lib/config/load-config";
import { startBackgroundWork } from "@/lib/server/background-work";
import { createServerContext, type ServerContext } from "@/lib/server/context";
import { createRequestListener } from "@/lib/server/http-server";
import { createTestInstance, type TestInstance } from "@/dev/testing/test-instance";
import { testEnv } from "@/dev/testing/test-env";
import { TEST_REDIS_PORT } from "@/dev/testing/test-services";
import { startHealthServer, startTcpGate, type HealthServer, type TcpGate } from "@/dev/testing/status-test-servers";
import { answerText } from "@/dev/testing/status-answers";
import { SLOW_READING_MS } from "./readings";
import { pendingSampleRuns, refreshStatus } from "./refresh";
import { readSnapshotFromFile } from "./snapshot-store";
import { startStatusLoop, type StatusLoop } from "./refresh-loop";
import type { ComponentId, StatusSnapshot } from "@/lib/shared/status-types";

/**
 * What the status page sees when Howdah's Redis or PostgreSQL fails, and
 * what it records once they return. PostgreSQL and Redis are reached through
 * TCP gates the tests open, cut ("down": connections dropped, as a stopped
 * server) and freeze (connections accepted, never answered). The loop runs
 * every second here (30 s in production); a round with a service down takes
 * its readings' bound (SLOW_READING_MS) and at most one more second before it
 * publishes (the store's quick wait), so an outage must show within one
 * interval plus those, plus slack for a busy two-core machine.
 */
const INTERVAL_MS = 1_000;
const SHOWN_WITHIN_MS = INTERVAL_MS + SLOW_READING_MS + 1_000 + 3_000;

interface StatusJson {
  status: string;
  updated_at: string | null;
  age_seconds: number | null;
  stale: boolean;
  components: { id: ComponentId; state: string; message: string }[];
}

const statusJson = async (context: ServerContext) => JSON.parse(await answerText(context, "json")) as StatusJson;
const stateIn = (json: StatusJson, id: ComponentId) => json.components.find((c) => c.id === id)?.state;

/** Polls `read` until `ok` holds; fails naming `what` after `timeoutMs`. Returns the value and the time taken. */
async function until<T>(what: string, read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs: number) {
  const started = performance.now();
  let last: T | undefined;
  while (performance.now() - started < timeoutMs) {
    last = await read();
    if (ok(last)) return { value: last, ms: performance.now() - started };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${what}: not within ${timeoutMs} ms; last seen ${JSON.stringify(last)?.slice(0, 600)}`);
}

describe("the status page without Redis or PostgreSQL", () => {
  let instance: TestInstance;
  let web: HealthServer;
  let streaming: HealthServer;
  let pgGate: TcpGate;
  let redisGate: TcpGate;
  const cleanups: (() => Promise<unknown> | void)[] = [];

  beforeAll(async () => {
    web = await startHealthServer("/health");
    streaming = await startHealthServer("/api/v1/streaming/health");
    instance = await createTestInstance("outages", "4.6");
    const pgUrl = new URL(instance.connectionString);
    pgGate = await startTcpGate({ host: pgUrl.hostname, port: Number(pgUrl.port || 5432) });
    redisGate = await startTcpGate({ host: "127.0.0.1", port: TEST_REDIS_PORT });
  });

  afterEach(async () => {
    pgGate.set("open");
    redisGate.set("open");
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  afterAll(async () => {
    await instance?.close();
    await Promise.all([web?.close(), streaming?.close(), pgGate?.close(), redisGate?.close()]);
  });

  /** A context that reaches Mastodon's PostgreSQL and Redis, and Howdah's own, only through the gates. */
  function gatedContext(snapshotFile: string, extra: Record<string, string> = {}): ServerContext {
    const pgUrl = new URL(instance.connectionString);
    pgUrl.port = String(pgGate.port);
    const env = testEnv({
      connectionString: pgUrl.toString(),
      redisDb: instance.redisDb,
      arKeys: FIXTURE_AR_KEYS,
      extra: {
        REDIS_URL: `redis://127.0.0.1:${redisGate.port}/${instance.redisDb}`,
        HOWDAH_PROBE_WEB_URL: web.url,
        HOWDAH_PROBE_STREAMING_URL: streaming.url,
        HOWDAH_PROBE_TIMEOUT_MS: "1000",
        HOWDAH_STATUS_SNAPSHOT_FILE: snapshotFile,
        ...extra,
      },
    });
    const context = createServerContext(loadConfig(env));
    cleanups.push(() => context.close());
    return context;
  }

  function snapshotFile(): string {
    const dir = mkdtempSync(path.join(tmpdir(), "howdah-outages-"));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    return path.join(dir, "snapshot.json");
  }

  function loop(context: ServerContext): StatusLoop {
    const running = startStatusLoop(context, { intervalMs: INTERVAL_MS, log: () => undefined });
    cleanups.push(() => running.stop());
    return running;
  }

  const allWell = (j: StatusJson) =>
    stateIn(j, "redis") === "operational" && stateIn(j, "database") === "operational" && !j.stale;

  async function samplesBetween(component: ComponentId, from: Date, to: Date) {
    const store = await instance.context.store();
    const { rows } = await store.pool.query<{ state: string; n: number }>(
      `SELECT state, count(*)::int AS n FROM howdah.status_samples
        WHERE component = $1 AND checked_at BETWEEN $2 AND $3 GROUP BY state`,
      [component, from, to],
    );
    return Object.fromEntries(rows.map((r) => [r.state, r.n])) as Record<string, number>;
  }

  it("shows Redis down, then frozen, as an outage within one round, and back when it returns", async () => {
    const context = gatedContext(snapshotFile());
    loop(context);
    await until("the first reading", () => statusJson(context), allWell, 15_000);

    for (const mode of ["down", "frozen"] as const) {
      redisGate.set(mode);
      const { value, ms } = await until(
        `Redis ${mode} shown`,
        () => statusJson(context),
        (j) => stateIn(j, "redis") === "outage",
        SHOWN_WITHIN_MS,
      );
      expect(value.status).toBe("outage");
      expect(stateIn(value, "database")).toBe("operational");
      expect(value.components.find((c) => c.id === "redis")!.message).toContain("Redis is not answering");
      expect(value.stale).toBe(false);
      expect(value.age_seconds).toBeLessThanOrEqual(Math.ceil(SHOWN_WITHIN_MS / 1000));
      console.log(`Redis ${mode}: outage shown after ${Math.round(ms)} ms`);
      redisGate.set("open");
      await until(`Redis back after ${mode}`, () => statusJson(context), allWell, 20_000);
    }
  }, 90_000);

  it("shows PostgreSQL down, then frozen, as a database outage, and records the missed samples once back", async () => {
    const context = gatedContext(snapshotFile());
    loop(context);
    await until("the first reading", () => statusJson(context), allWell, 15_000);

    for (const mode of ["down", "frozen"] as const) {
      const downAt = new Date();
      pgGate.set(mode);
      const { value, ms } = await until(
        `PostgreSQL ${mode} shown`,
        () => statusJson(context),
        (j) => stateIn(j, "database") === "outage",
        SHOWN_WITHIN_MS,
      );
      console.log(`PostgreSQL ${mode}: outage shown after ${Math.round(ms)} ms`);
      expect(value.status).toBe("outage");
      expect(stateIn(value, "redis")).toBe("operational");
      // Rounds go on without the store; their samples wait in memory.
      await until(
        "rounds waiting",
        async () => pendingSampleRuns(context),
        (n) => n >= 3,
        20_000,
      );
      pgGate.set("open");
      const upAt = new Date();
      await until(`PostgreSQL back after ${mode}`, () => statusJson(context), allWell, 25_000);
      await until(
        "the waiting samples recorded",
        async () => pendingSampleRuns(context),
        (n) => n === 0,
        20_000,
      );

      // Samples taken while the store was down, so recorded only after it was back.
      expect((await samplesBetween("database", downAt, upAt)).outage, mode).toBeGreaterThanOrEqual(2);
    }
    const store = await instance.context.store();
    const { rows } = await store.pool.query<{ outage: number }>(
      `SELECT outage_seconds AS outage FROM howdah.status_days
        WHERE component = 'database' AND day = (now() AT TIME ZONE 'UTC')::date`,
    );
    expect(rows[0]?.outage).toBeGreaterThan(0);
  }, 120_000);

  it("both down: another process serves the outage from the file, and the history gets it on return", async () => {
    const file = snapshotFile();
    const context = gatedContext(file);
    loop(context);
    await until("the first reading", () => statusJson(context), allWell, 15_000);

    const downAt = new Date();
    pgGate.set("down");
    redisGate.set("down");
    const { value } = await until(
      "both outages shown",
      () => statusJson(context),
      (j) => stateIn(j, "database") === "outage" && stateIn(j, "redis") === "outage",
      SHOWN_WITHIN_MS,
    );
    expect(value.status).toBe("outage");

    // Another web process (or this one after a restart), with no reading of its own yet: the file.
    await until(
      "the outage in the file",
      () => readSnapshotFromFile(file),
      (s) => s?.components.find((c) => c.id === "database")?.state === "outage",
      2_000,
    );
    const reader = gatedContext(file);
    const started = performance.now();
    const page = await answerText(reader, "page");
    expect(performance.now() - started).toBeLessThan(2_500);
    for (const line of ["The database is not answering", "Redis is not answering", "Some parts of the server are down"])
      expect(page.includes(line), line).toBe(true);
    const json = await statusJson(reader);
    expect([stateIn(json, "database"), stateIn(json, "redis"), json.stale]).toEqual(["outage", "outage", false]);

    await until(
      "three rounds waiting",
      async () => pendingSampleRuns(context),
      (n) => n >= 3,
      20_000,
    );
    pgGate.set("open");
    redisGate.set("open");
    const upAt = new Date();
    await until("both back", () => statusJson(context), allWell, 20_000);
    await until(
      "the waiting samples recorded",
      async () => pendingSampleRuns(context),
      (n) => n === 0,
      20_000,
    );
    expect((await samplesBetween("database", downAt, upAt)).outage).toBeGreaterThanOrEqual(2);
    expect((await samplesBetween("redis", downAt, upAt)).outage).toBeGreaterThanOrEqual(2);
  }, 90_000);

  it("gives the first visitor after a quiet spell a reading at most a round old, and no warning", async () => {
    const context = gatedContext(snapshotFile());
    loop(context);
    await until("first reading", () => statusJson(context), allWell, 30 * INTERVAL_MS);
    // Nobody asks for five rounds: the loop keeps measuring, and what it publishes is served at once.
    await new Promise((resolve) => setTimeout(resolve, 5 * INTERVAL_MS));
    const first = await statusJson(context);
    expect(first.stale).toBe(false);
    expect(first.age_seconds).toBeLessThanOrEqual(Math.ceil((INTERVAL_MS + 1_000) / 1000));
    const page = await answerText(context, "page");
    expect(page).toContain("Updated just now");
    expect(page).not.toContain("may be out of date");
  });

  it("/api/status says how old its reading is, counted when it answers, and flags an old one as stale", async () => {
    const file = snapshotFile();
    const context = gatedContext(file);
    const fresh = await refreshStatus(context);
    const toNext = async (_: http.IncomingMessage, res: http.ServerResponse) => void res.writeHead(404).end();
    const server = http.createServer(createRequestListener(() => context, toNext));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/status`;

    const first = await fetch(url);
    expect(first.headers.get("x-howdah-answer")).toBe("fast-path");
    const a = (await first.json()) as StatusJson;
    expect(a).toMatchObject({ updated_at: fresh.generatedAt, stale: false });
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    const b = (await (await fetch(url)).json()) as StatusJson;
    expect(b.updated_at).toBe(a.updated_at);
    expect(b.age_seconds! - a.age_seconds!).toBeGreaterThanOrEqual(2);

    // Readings two minutes old (nobody has measured since): stale, whatever they said.
    const old: StatusSnapshot = {
      ...fresh,
      generatedAt: new Date(Date.now() - 120_000).toISOString(),
      publishedAt: new Date(Date.parse(fresh.publishedAt) + 1).toISOString(),
    };
    writeFileSync(file, JSON.stringify(old));
    const reader = gatedContext(file);
    pgGate.set("down"); // the store has the fresh one: the file is all this reader has
    const stale = await statusJson(reader);
    expect(stale.stale).toBe(true);
    expect(stale.age_seconds).toBeGreaterThanOrEqual(120);
    expect(stale.age_seconds).toBeLessThan(130);
    expect((await answerText(reader, "page")).includes("This status may be out of date.")).toBe(true);
    // Rounds every 60 s: two minutes is two rounds, not yet stale (three rounds are).
    const slowRounds = gatedContext(file, { HOWDAH_STATUS_INTERVAL_SECONDS: "60" });
    expect((await statusJson(slowRounds)).stale).toBe(false);
  }, 60_000);

  it("inline mode starts and serves while Redis and PostgreSQL are down, and catches up when they return", async () => {
    // A store never migrated: the migrations, too, must wait for PostgreSQL without holding the start.
    const store = await instance.context.store();
    await store.pool.query("DROP SCHEMA howdah CASCADE");
    pgGate.set("down");
    redisGate.set("down");
    const context = gatedContext(snapshotFile(), { HOWDAH_WORKER_MODE: "inline" });
    const lines: string[] = [];
    const printedErrors = vi.spyOn(console, "error");
    cleanups.push(() => printedErrors.mockRestore());
    await import("@/lib/jobs/worker"); // loaded (and, here, compiled) before the clock starts

    const started = performance.now();
    const work = await startBackgroundWork(context, { statusIntervalMs: INTERVAL_MS, log: (l) => lines.push(l) });
    cleanups.push(() => work.stop());
    expect(performance.now() - started).toBeLessThan(1_000);

    const toNext = async (_: http.IncomingMessage, res: http.ServerResponse) => void res.writeHead(404).end();
    const server = http.createServer(createRequestListener(() => context, toNext));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const page = await fetch(`${base}/status`, { signal: AbortSignal.timeout(3_000) });
    expect(page.status).toBe(200);
    const overHttp = async () => (await (await fetch(`${base}/api/status`)).json()) as StatusJson;
    await until(
      "both outages served",
      overHttp,
      (j) => stateIn(j, "database") === "outage" && stateIn(j, "redis") === "outage",
      SHOWN_WITHIN_MS,
    );
    expect((await (await fetch(`${base}/status`)).text()).includes("Redis is not answering")).toBe(true);
    // Several seconds of reconnection attempts: one line for Redis, one for the store, and
    // nothing printed around Howdah's log (BullMQ prints a stack per attempt where nobody listens).
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(lines.filter((l) => /Redis/.test(l))).toHaveLength(1);
    expect(lines.filter((l) => /store/.test(l)).length).toBeLessThanOrEqual(2);
    const printed = printedErrors.mock.calls.map((call) => call.map(String).join(" "));
    expect(printed.filter((l) => /ECONNRESET|ECONNREFUSED|EPIPE|Connection is closed/.test(l))).toEqual([]);

    pgGate.set("open");
    redisGate.set("open");
    await until("both back", overHttp, allWell, 25_000);
    // The worker wrote its schedules, the migrations ran, the outage is in the history.
    await until(
      "the worker's schedules",
      () => instance.redis.zrange("howdah-test:howdah:repeat", "0", "-1"),
      (ids) => ids.includes("sample-sidekiq"),
      15_000,
    );
    const { rows } = await store.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM howdah.schema_migrations");
    expect(rows[0]!.n).toBeGreaterThan(0);
    await until(
      "the waiting samples recorded",
      async () => pendingSampleRuns(context),
      (n) => n === 0,
      20_000,
    );
    const outages = await store.pool.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM howdah.status_samples WHERE component = 'redis' AND state = 'outage'",
    );
    expect(outages.rows[0]!.n).toBeGreaterThan(0);
    expect(lines.some((l) => /Redis works again/.test(l))).toBe(true);
  }, 90_000);
});
