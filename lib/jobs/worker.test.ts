import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { loadConfig } from "@/lib/config/load-config";
import { createServerContext } from "@/lib/server/context";
import { startTcpGate } from "@/dev/testing/status-test-servers";
import { testEnv } from "@/dev/testing/test-env";
import { testRedisDb } from "@/dev/testing/test-instance";
import { TEST_REDIS_PORT } from "@/dev/testing/test-services";
import { QUEUE_NAME, startWorker } from "./worker";

/**
 * The worker starts without waiting for Redis: it is built at once, says
 * once that Redis is down, and writes its schedules when Redis answers,
 * dropping the schedule of a job Howdah no longer runs (status-refresh, now
 * the web process's own timer).
 */
const PREFIX = "howdah-worker-test";
const redisDb = testRedisDb();
const redis = new Redis({ host: "127.0.0.1", port: TEST_REDIS_PORT, db: redisDb });

afterAll(async () => {
  const keys = await redis.keys(`${PREFIX}:*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
});

describe("startWorker", () => {
  it("starts while Redis is down, writes its schedules when Redis answers, one line per outage", async () => {
    // A schedule left by an older Howdah, whose job no longer exists.
    const old = new Queue(QUEUE_NAME, {
      connection: { host: "127.0.0.1", port: TEST_REDIS_PORT, db: redisDb },
      prefix: PREFIX,
    });
    await old.upsertJobScheduler("status-refresh", { every: 30_000 }, { name: "status-refresh", data: {} });
    await old.close();

    const gate = await startTcpGate({ host: "127.0.0.1", port: TEST_REDIS_PORT });
    gate.set("down");
    const env = testEnv({
      connectionString: "postgresql://postgres@127.0.0.1:5432/howdah_worker_test_absent",
      redisDb,
      redisPrefix: PREFIX,
      extra: { HOWDAH_REDIS_URL: `redis://127.0.0.1:${gate.port}/${redisDb}` },
    });
    const context = createServerContext(loadConfig(env));
    const lines: string[] = [];
    const parsed = () => lines.map((l) => JSON.parse(l) as { job: string; event: string; message?: string });
    const started = performance.now();
    const worker = startWorker(context, (line) => lines.push(line));
    try {
      expect(performance.now() - started).toBeLessThan(500);
      let scheduled = false;
      void worker.scheduled.then(() => (scheduled = true));
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      expect(scheduled).toBe(false);
      expect(parsed()).toEqual([
        {
          time: expect.any(String),
          job: "worker",
          id: null,
          event: "outage",
          message: expect.stringMatching(/^Howdah's Redis is failing: .*Retrying quietly/),
        },
      ]);

      gate.set("open");
      await worker.scheduled;
      const ids = (await worker.queue.getJobSchedulers()).map((s) => s.key).sort();
      expect(ids).toContain("sample-sidekiq");
      expect(ids).not.toContain("status-refresh");
      expect(parsed().some((l) => /^Howdah's Redis works again/.test(l.message ?? ""))).toBe(true);

      // The jobs now run and fail on the database that is not there, every round: one line per job,
      // and a job left by an older Howdah is skipped rather than failed.
      await new Promise((resolve) => setTimeout(resolve, 4_000));
      const dbDown = / is failing: .* is unavailable: the database does not exist\. Retr/;
      const failing = parsed().filter((l) => l.event === "outage" && dbDown.test(l.message ?? ""));
      expect(failing.length).toBeGreaterThan(0);
      expect(new Set(failing.map((l) => l.job)).size).toBe(failing.length);
      expect(parsed().filter((l) => l.event === "failed")).toEqual([]);
      // Its waiting run, if the worker took it before the schedule was removed, is skipped once.
      const leftOver = parsed().filter((l) => l.job === "status-refresh");
      expect(["", "skipped"]).toContain(leftOver.map((l) => l.event).join(","));
    } finally {
      await worker.close();
      await context.close();
      await gate.close();
    }
  }, 60_000);
});
