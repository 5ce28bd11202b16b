// readSidekiqSnapshot with reuseLists (the page's and sampler's readings):
// one round trip while the queues and processes are those of the previous
// reading, and the same figures as the two-round-trip reading whenever they
// change (a queue added or removed, a process started, stopped or crashed).
// Redis DB 13 only.
import { describe, expect, it, vi } from "vitest";
import { SidekiqWriter } from "@/dev/fixtures/sidekiq";
import { useQueuesTestRedis } from "@/dev/testing/queues-test-redis";
import { sidekiqKeys } from "./keys";
import { readSidekiqSnapshot, type SnapshotOptions } from "./snapshot";

const redis = useQueuesTestRedis();
const NOW = Date.UTC(2025, 7, 6, 12, 0, 0);

describe("readSidekiqSnapshot with reuseLists", () => {
  it("reads in one round trip while the lists stay, and as the two-trip reading when they change", async () => {
    const keys = sidekiqKeys("");
    const w = new SidekiqWriter(redis, { format: "8.1", seed: 4, now: () => NOW });
    const options: SnapshotOptions = { keys, format: "8.1", work: true, now: () => NOW };
    const job = (i: number) => ({ class: "LinkCrawlWorker", args: [i], createdAt: NOW - 5_000 });
    const process = (pid: number) => ({
      hostname: `sidekiq-${pid}`,
      pid,
      concurrency: 5,
      startedAt: NOW - 60_000,
      beat: NOW - 1_000,
      busy: [{ job: job(pid), runAt: NOW - 2_000 }],
    });
    /** The reading with reuseLists, checked equal to the plain one, and how many round trips it took. */
    const read = async () => {
      const pipelines = vi.spyOn(redis, "pipeline");
      const reused = await readSidekiqSnapshot(redis, { ...options, reuseLists: true });
      const trips = pipelines.mock.calls.length;
      pipelines.mockRestore();
      expect(reused).toEqual(await readSidekiqSnapshot(redis, options));
      return { reading: reused, trips };
    };

    await w.enqueue("default", [job(1), job(2)]);
    const first = await w.writeProcess(process(1));
    expect((await read()).trips).toBe(2); // nothing to go on yet
    await w.enqueue("default", [job(3)]);
    let now = await read();
    expect(now).toMatchObject({ trips: 1, reading: { enqueued: 3, busy: 1, processesAlive: 1 } });

    // A new queue and a new process: read in a second trip, then in one again.
    await w.enqueue("push", [job(4)]);
    await w.writeProcess(process(2));
    now = await read();
    expect(now).toMatchObject({ trips: 2, reading: { enqueued: 4, busy: 2, processesAlive: 2 } });
    expect((await read()).trips).toBe(1);

    // A crashed process (hash expired, still listed) and a queue whose key is now something else.
    await redis.del(first.identity, `${first.identity}:work`);
    await redis.del(keys.queue("push"));
    await redis.set(keys.queue("push"), "not a list");
    now = await read();
    expect(now.trips).toBe(1);
    expect(now.reading).toMatchObject({ processesListed: 2, processesAlive: 1, busy: 1, enqueued: 3 });
    expect(now.reading.problems).toEqual([expect.stringContaining('"queue:push" is not a list')]);

    // A queue and a process gone from their sets.
    await redis.srem(keys.queues, "push");
    await redis.srem(keys.processes, first.identity);
    now = await read();
    expect(now).toMatchObject({ trips: 2, reading: { processesListed: 1, processesAlive: 1, problems: [] } });
    expect(now.reading.queues.map((q) => q.name)).toEqual(["default"]);
  });
});
