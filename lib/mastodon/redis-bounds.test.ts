import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Redis } from "ioredis";
import { startFaultProxy, type FaultProxy } from "@/dev/testing/fault-proxy";
import { TEST_REDIS_PORT } from "@/dev/testing/test-services";
import { createRedis } from "./connections";

/**
 * The gateway's Redis clients behind a proxy that stops, freezes or
 * partitions Redis: every command ends within the command timeout (plus a
 * reconnect attempt when it is down), and once Redis answers again commands
 * succeed at once, on a fresh connection where the old one went silent.
 */
const COMMAND_TIMEOUT_MS = 500;

let proxy: FaultProxy;
let redis: Redis;

beforeAll(async () => {
  proxy = await startFaultProxy({ host: "127.0.0.1", port: TEST_REDIS_PORT });
});
afterAll(() => proxy.close());
afterEach(async () => {
  await proxy.set("pass");
  redis?.disconnect();
});

function open(): Redis {
  redis = createRedis(
    { kind: "host", host: "127.0.0.1", port: proxy.port, db: 0, username: null, password: null },
    "bounds-test",
    COMMAND_TIMEOUT_MS,
  );
  return redis;
}

async function timedPing(): Promise<{ ms: number; outcome: string }> {
  const started = performance.now();
  const outcome = await redis.ping().catch((error: Error) => error.message);
  return { ms: performance.now() - started, outcome };
}

/** The first ping that succeeds after the fault ends, and how long it took to get there. */
async function recovery(): Promise<number> {
  const started = performance.now();
  for (;;) {
    if ((await timedPing()).outcome === "PONG") return performance.now() - started;
    if (performance.now() - started > 10_000) throw new Error("Redis client did not recover within 10 s");
  }
}

describe("createRedis", () => {
  const faults = { freeze: "frozen", partition: "partitioned", down: "down" } as const;
  for (const [fault, state] of Object.entries(faults) as [keyof typeof faults, string][]) {
    it(`fails commands in bounded time while Redis is ${state}, then recovers`, async () => {
      open();
      expect((await timedPing()).outcome).toBe("PONG");
      await proxy.set(fault);
      for (let i = 0; i < 3; i++) {
        const { ms, outcome } = await timedPing();
        expect(outcome).not.toBe("PONG");
        expect(ms).toBeLessThan(COMMAND_TIMEOUT_MS + 2_500);
      }
      await proxy.set("pass");
      expect(await recovery()).toBeLessThan(3_000);
    });
  }

  it("fails a command at the timeout even when the connection is up and the server silent", async () => {
    open();
    await redis.ping();
    await proxy.set("freeze");
    const { ms, outcome } = await timedPing();
    expect(outcome).toBe("Command timed out");
    expect(ms).toBeGreaterThanOrEqual(COMMAND_TIMEOUT_MS - 50);
    expect(ms).toBeLessThan(COMMAND_TIMEOUT_MS + 500);
  });
});
