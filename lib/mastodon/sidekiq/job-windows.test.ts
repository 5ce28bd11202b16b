// Window-by-window job lists and bounded samples. Redis DB 13 only.
import { describe, expect, it } from "vitest";
import { SidekiqWriter } from "@/dev/fixtures/sidekiq";
import { readJobFields } from "./job-fields";
import { jobOrigin } from "./job-origin";
import { readJobWindow, sampleJobs } from "./job-windows";
import { sidekiqKeys } from "./keys";
import { useQueuesTestRedis } from "@/dev/testing/queues-test-redis";

const redis = useQueuesTestRedis();
const keys = sidekiqKeys("");
const T0 = Date.UTC(2025, 7, 6, 12);

const numbered = (n: number) =>
  Array.from({ length: n }, (_, i) => ({
    class: i % 3 === 0 ? "LinkCrawlWorker" : "FetchReplyWorker",
    args: [i],
    createdAt: T0 + i * 1000,
  }));

describe("readJobWindow", () => {
  it("pages a queue oldest first, by position, without reading the rest", async () => {
    const w = new SidekiqWriter(redis, { format: "8.1", seed: 1 });
    await w.enqueue("pull", numbered(1000));
    const page = await readJobWindow(redis, keys, { kind: "queue", queue: "pull" }, { offset: 0, limit: 10 });
    expect(page.total).toBe(1000);
    expect(page.entries.map((e) => readJobFields(e.raw)!.argsText)).toEqual(
      Array.from({ length: 10 }, (_, i) => `[${i}]`),
    );
    expect(page.entries.map((e) => e.position)).toEqual(Array.from({ length: 10 }, (_, i) => i));
    expect(page.nextOffset).toBe(10);

    const tail = await readJobWindow(redis, keys, { kind: "queue", queue: "pull" }, { offset: 990, limit: 25 });
    expect(tail.entries.map((e) => readJobFields(e.raw)!.argsText)).toEqual(
      Array.from({ length: 10 }, (_, i) => `[${990 + i}]`),
    );
    expect(tail.nextOffset).toBeNull();

    const newest = await readJobWindow(
      redis,
      keys,
      { kind: "queue", queue: "pull" },
      { offset: 0, limit: 2, reverse: true },
    );
    expect(newest.entries.map((e) => readJobFields(e.raw)!.argsText)).toEqual(["[999]", "[998]"]);
  });

  it("refuses an offset past the end and an unknown queue, and lists an empty known queue", async () => {
    const w = new SidekiqWriter(redis, { format: "7.3", seed: 1 });
    await w.enqueue("pull", numbered(5));
    await expect(
      readJobWindow(redis, keys, { kind: "queue", queue: "pull" }, { offset: 5, limit: 10 }),
    ).rejects.toThrow(/Offset 5 is past the end of queue pull, which now holds 5 jobs/);
    await expect(
      readJobWindow(redis, keys, { kind: "queue", queue: "nope" }, { offset: 0, limit: 10 }),
    ).rejects.toMatchObject({ code: "not_found" });
    await redis.sadd("queues", "mailers");
    expect(await readJobWindow(redis, keys, { kind: "queue", queue: "mailers" }, { offset: 0, limit: 10 })).toEqual({
      total: 0,
      entries: [],
      nextOffset: null,
      scanned: 0,
    });
    await expect(readJobWindow(redis, keys, { kind: "set", set: "dead" }, { offset: 1, limit: 10 })).rejects.toThrow(
      /past the end of the dead set/,
    );
  });

  it("filters by class over a bounded scan and says where to continue", async () => {
    const w = new SidekiqWriter(redis, { format: "8.1", seed: 1 });
    await w.enqueue("pull", numbered(3000));
    const page = await readJobWindow(
      redis,
      keys,
      { kind: "queue", queue: "pull" },
      { offset: 0, limit: 5, classFilter: "LinkCrawlWorker" },
    );
    expect(page.entries.map((e) => e.position)).toEqual([0, 3, 6, 9, 12]);
    expect(page.nextOffset).toBe(13);
    const capped = await readJobWindow(
      redis,
      keys,
      { kind: "queue", queue: "pull" },
      { offset: 0, limit: 5, classFilter: "NoSuchWorker", maxScan: 1000 },
    );
    expect(capped).toMatchObject({ entries: [], scanned: 1000, nextOffset: 1000 });
  });

  it("orders retry and schedule soonest first and dead latest first, with scores in ms", async () => {
    const w = new SidekiqWriter(redis, { format: "6.5", seed: 1 });
    const failure = (i: number) => ({ errorClass: "E", errorMessage: `m${i}`, failedAt: T0 + i * 60_000 });
    await w.addDead(
      [0, 1, 2].map((i) => ({ job: { class: "LinkCrawlWorker", args: [i], createdAt: T0 }, failure: failure(i) })),
    );
    await w.addRetries(
      [0, 1, 2].map((i) => ({
        job: { class: "ThreadResolveWorker", args: [i, "u"], createdAt: T0 },
        failure: failure(i),
        retryAt: T0 + (3 - i) * 1000,
      })),
    );
    const dead = await readJobWindow(redis, keys, { kind: "set", set: "dead" }, { offset: 0, limit: 10 });
    expect(dead.entries.map((e) => readJobFields(e.raw)!.errorMessage)).toEqual(["m2", "m1", "m0"]);
    expect(dead.entries[0]!.scoreMs).toBe(T0 + 120_000);
    const retry = await readJobWindow(redis, keys, { kind: "set", set: "retry" }, { offset: 0, limit: 10 });
    expect(retry.entries.map((e) => e.scoreMs)).toEqual([T0 + 1000, T0 + 2000, T0 + 3000]);
  });
});

describe("sampleJobs and jobOrigin", () => {
  it("samples evenly spaced windows and finds inbox hosts and sender ids (ids beyond 2^53 intact)", async () => {
    const w = new SidekiqWriter(redis, { format: "8.1", seed: 1 });
    await w.enqueue(
      "push",
      Array.from({ length: 5000 }, (_, i) => ({
        class: "ActivityPub::DeliveryWorker",
        args: ['{"a":"b"}', 1, `https://h${i % 7}.example/inbox`, {}],
        createdAt: T0,
      })),
    );
    const sample = await sampleJobs(redis, keys, { kind: "queue", queue: "push" }, { windows: 10, windowSize: 50 });
    expect(sample.total).toBe(5000);
    expect(sample.raws).toHaveLength(500);
    const hosts = new Set(
      sample.raws.map((raw) => {
        const origin = jobOrigin("ActivityPub::DeliveryWorker", readJobFields(raw)!.argsText);
        return origin?.kind === "inbox" ? origin.host : null;
      }),
    );
    expect([...hosts].sort()).toEqual(Array.from({ length: 7 }, (_, i) => `h${i}.example`));

    expect(jobOrigin("ActivityPub::ProcessingWorker", '[113004567890123457,"{}",null,"Account"]')).toEqual({
      kind: "sender",
      accountId: "113004567890123457",
    });
    expect(jobOrigin("LinkCrawlWorker", "[1]")).toBeNull();
  });
});
