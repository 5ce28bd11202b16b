import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type pg from "pg";
import { startFaultProxy, type FaultProxy } from "@/dev/testing/fault-proxy";
import { inTransaction } from "./in-transaction";
import { createPgPool, QUERY_TIMEOUT_GRACE_MS } from "./pool";

/**
 * Howdah's pools behind a proxy that freezes or partitions PostgreSQL: every
 * query ends within statement_timeout plus the grace, and once the server
 * answers again the pool serves at once, with no connection left behind
 * waiting for an answer that will never come.
 */
const STATEMENT_TIMEOUT_MS = 500;
const BOUND_MS = STATEMENT_TIMEOUT_MS + QUERY_TIMEOUT_GRACE_MS + 1_000;

let proxy: FaultProxy;
let pool: pg.Pool;

beforeAll(async () => {
  proxy = await startFaultProxy({ host: "127.0.0.1", port: 5432 });
});
afterAll(() => proxy.close());
afterEach(async () => {
  await proxy.set("pass");
  await pool?.end().catch(() => undefined);
});

function openPool(max = 2): pg.Pool {
  pool = createPgPool(
    { host: "127.0.0.1", port: proxy.port, database: "postgres", user: "postgres", password: "", sslMode: "disable" },
    STATEMENT_TIMEOUT_MS,
    max,
  );
  return pool;
}

/** Opens `n` connections at once, so the pool holds that many idle ones. */
async function warm(n: number) {
  await Promise.all(Array.from({ length: n }, () => pool.query("SELECT pg_sleep(0.05)")));
  expect(pool.totalCount).toBe(n);
}

async function timed<T>(run: () => Promise<T>): Promise<{ ms: number; result: PromiseSettledResult<T> }> {
  const started = performance.now();
  const [result] = await Promise.allSettled([run()]);
  return { ms: performance.now() - started, result: result! };
}

const reason = (r: PromiseSettledResult<unknown>) => (r.status === "rejected" ? (r.reason as Error).message : "ok");

describe("createPgPool", () => {
  it("survives a checked-out connection killed between queries (no uncaught error); its next query fails", async () => {
    openPool();
    const uncaught: unknown[] = [];
    const note = (error: unknown) => uncaught.push(error);
    process.on("uncaughtException", note);
    const client = await pool.connect();
    try {
      const pid = (await client.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0]!.pid;
      const killer = createPgPool(
        { host: "127.0.0.1", port: 5432, database: "postgres", user: "postgres", password: "", sslMode: "disable" },
        STATEMENT_TIMEOUT_MS,
        1,
      );
      await killer.query("SELECT pg_terminate_backend($1)", [pid]);
      await killer.end();
      await new Promise((resolve) => setTimeout(resolve, 300));
      await expect(client.query("SELECT 1")).rejects.toThrow();
      expect(uncaught).toEqual([]);
    } finally {
      process.off("uncaughtException", note);
      client.release(true);
    }
    expect((await pool.query<{ one: number }>("SELECT 1 AS one")).rows[0]!.one).toBe(1);
  });

  it("fails queries on a frozen server within the bound, and serves again once it answers", async () => {
    openPool();
    await warm(2);
    await proxy.set("freeze");
    const [a, b] = await Promise.all([timed(() => pool.query("SELECT 1")), timed(() => pool.query("SELECT 2"))]);
    for (const { ms, result } of [a!, b!]) {
      expect(reason(result)).toBe("Query read timeout");
      expect(ms).toBeLessThan(BOUND_MS);
    }
    await proxy.set("pass");
    const after = await timed(() => pool.query("SELECT 3 AS n"));
    expect(reason(after.result)).toBe("ok");
    expect(after.ms).toBeLessThan(1_000);
  });

  it("replaces the connections a partition left dead, also those released without an error", async () => {
    openPool();
    await warm(2);
    await proxy.set("partition");
    // One connection checked out and released without an error, as a transaction (Prisma's too) releases it.
    const client = await pool.connect();
    const checkedOut = await timed(() => client.query("SELECT 1"));
    client.release();
    const pooled = await timed(() => pool.query("SELECT 2"));
    for (const { ms, result } of [checkedOut, pooled]) {
      expect(reason(result)).toBe("Query read timeout");
      expect(ms).toBeLessThan(BOUND_MS);
    }
    await proxy.set("pass");
    // Each of these would wait behind a dead connection's unanswered query if the pool handed one out again.
    for (let i = 0; i < 4; i++) {
      const next = await timed(() => pool.query("SELECT $1::int AS n", [i]));
      expect(reason(next.result)).toBe("ok");
      expect(next.ms).toBeLessThan(1_000);
    }
  });

  it("ends a transaction on a frozen server within one query's bound, and the pool recovers", async () => {
    openPool(1);
    await warm(1);
    await proxy.set("freeze");
    const tx = await timed(() => inTransaction(pool, (c) => c.query("SELECT 1")));
    expect(reason(tx.result)).toBe("Query read timeout");
    // BEGIN timed out; no ROLLBACK is sent to wait as long again.
    expect(tx.ms).toBeLessThan(BOUND_MS);
    await proxy.set("pass");
    const after = await timed(() => inTransaction(pool, (c) => c.query("SELECT 1")));
    expect(reason(after.result)).toBe("ok");
  });

  it("gives up connecting to a server that accepts but never answers", async () => {
    openPool();
    await proxy.set("freeze");
    const { ms, result } = await timed(() => pool.query("SELECT 1"));
    expect(reason(result)).toMatch(/timeout/i);
    expect(ms).toBeLessThan(4_500);
  });
});
