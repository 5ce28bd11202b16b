// Howdah's two-round-trip reader against Sidekiq's own Data API (transcribed
// per version in reference-api.ts) on Redis contents written in each
// version's exact format by SidekiqWriter. Redis DB 13 only.
import { describe, expect, it, vi } from "vitest";
import { buildJob, SidekiqWriter, toRubyJson, type SidekiqFormat } from "@/dev/fixtures/sidekiq";
import { latencySeconds } from "./job-fields";
import { sidekiqKeys } from "./keys";
import { useQueuesTestRedis } from "@/dev/testing/queues-test-redis";
import { referenceFigures } from "@/dev/bench/sidekiq-reference-api";
import { readSidekiqSnapshot } from "./snapshot";

const redis = useQueuesTestRedis();
const T0 = Date.UTC(2025, 7, 6, 11, 33, 20, 250);
const NOW = T0 + 3_600_000;

/**
 * A small but complete Mastodon Sidekiq: three queues (one empty), sets,
 * counters, live, quiet and crashed processes.
 */
async function writeScenario(w: SidekiqWriter): Promise<void> {
  const delivery = (i: number, at: number) => ({
    class: "ActivityPub::DeliveryWorker",
    args: ["{}", 1, `https://h${i}.example/inbox`, {}],
    createdAt: at - 500,
    enqueuedAt: at,
  });
  await w.enqueue("push", [delivery(1, T0 - 7_200_000), delivery(2, T0 - 60_000), delivery(3, T0)]);
  await w.enqueue("default", [
    {
      class: "LocalNotificationWorker",
      args: [1, 113004567890123456n, "Status", "reblog"],
      createdAt: NOW - 12_345,
      enqueuedAt: NOW - 2_500,
    },
  ]);
  await redis.sadd(w.key("queues"), "mailers");
  await w.schedule([{ job: { class: "LinkCrawlWorker", args: [5], createdAt: T0 }, at: NOW + 60_000 }]);
  await w.addRetries([
    {
      job: { class: "ThreadResolveWorker", args: [1, "https://a.example/s/1"], createdAt: T0 },
      failure: { errorClass: "HTTP::TimeoutError", errorMessage: "timed out", failedAt: T0 },
    },
    {
      job: { class: "RedownloadMediaWorker", args: [2], createdAt: T0 },
      failure: { errorClass: "E", errorMessage: "m", failedAt: T0, retryCount: 2, retriedAt: T0 + 1000 },
    },
  ]);
  await w.addDead([
    {
      job: { class: "LinkCrawlWorker", args: [3], createdAt: T0 },
      failure: { errorClass: "E", errorMessage: "gone", failedAt: T0 },
    },
  ]);
  await w.setStats({ processed: 123_456, failed: 789 });
  await w.writeProcess({
    hostname: "sidekiq-1",
    pid: 101,
    concurrency: 10,
    startedAt: T0 - 86_400_000,
    beat: NOW - 3_000,
    busy: [
      { job: delivery(9, T0 - 1000), runAt: NOW - 4_000 },
      {
        job: { class: "LocalNotificationWorker", args: [2, 3, "Status", "reblog"], createdAt: NOW - 9_000 },
        runAt: NOW - 8_000,
      },
    ],
  });
  await w.writeProcess({
    hostname: "sidekiq-2",
    pid: 202,
    concurrency: 5,
    quiet: true,
    startedAt: T0,
    beat: NOW - 1_000,
  });
  // Crashed: still in `processes`, but its heartbeat hash and work hash have expired.
  const crashed = await w.writeProcess({
    hostname: "sidekiq-3",
    pid: 303,
    concurrency: 25,
    startedAt: T0,
    beat: T0,
    busy: [{ job: delivery(7, T0), runAt: T0 }],
  });
  await redis.del(w.key(crashed.identity), w.key(`${crashed.identity}:work`));
}

const CASES: { name: string; format: SidekiqFormat; namespace?: string }[] = [
  { name: "6.5 (Mastodon 4.3)", format: "6.5" },
  { name: "6.5 with REDIS_NAMESPACE", format: "6.5", namespace: "mastodon" },
  { name: "7.3 (Mastodon 4.4)", format: "7.3" },
  { name: "8.0 (Mastodon 4.5)", format: "8.0" },
  { name: "8.1 (Mastodon 4.6)", format: "8.1" },
];

describe.each(CASES)("Sidekiq $name", ({ format, namespace }) => {
  const keys = sidekiqKeys(namespace ? `${namespace}:` : "");

  it("reports the figures Sidekiq's own API reports, in two round trips", async () => {
    await writeScenario(new SidekiqWriter(redis, { format, namespace, seed: 3, now: () => T0 }));
    const ref = await referenceFigures(redis, keys, format, NOW);
    const pipelines = vi.spyOn(redis, "pipeline");
    const single = vi.spyOn(redis, "sendCommand");
    const snapshot = await readSidekiqSnapshot(redis, { keys, format, work: true, now: () => NOW });
    expect(pipelines).toHaveBeenCalledTimes(2);
    // Every command went through those two pipelines: 7, then LLEN + LINDEX per queue (3) and EXISTS + HMGET +
    // HGETALL per process (3).
    expect(single).toHaveBeenCalledTimes(7 + 2 * 3 + 3 * 3);
    pipelines.mockRestore();
    single.mockRestore();

    expect(snapshot.processed).toBe(ref.processed);
    expect(snapshot.failed).toBe(ref.failed);
    expect(snapshot.scheduled).toBe(ref.scheduledSize);
    expect(snapshot.retries).toBe(ref.retrySize);
    expect(snapshot.dead).toBe(ref.deadSize);
    expect(snapshot.processesListed).toBe(ref.processesSize);
    expect(snapshot.enqueued).toBe(ref.enqueued);
    expect(snapshot.busy).toBe(ref.workersSize);
    expect(snapshot.processesAlive).toBe(ref.aliveProcesses);
    expect(snapshot.concurrency).toBe(ref.totalConcurrency);
    expect(Object.fromEntries(snapshot.queues.map((q) => [q.name, { size: q.size, latency: q.latency }]))).toEqual(
      Object.fromEntries(
        Object.entries(ref.queues).map(([name, q]) => [name, { size: q.size, latency: expect.closeTo(q.latency, 6) }]),
      ),
    );
    expect(Object.fromEntries(snapshot.queues.filter((q) => q.busy).map((q) => [q.name, q.busy]))).toEqual(
      ref.busyByQueue,
    );

    // And the literal values, worked out by hand from FORMATS.md.
    expect(snapshot).toMatchObject({
      processed: 123_456,
      failed: 789,
      scheduled: 1,
      retries: 2,
      dead: 1,
      enqueued: 4,
      processesListed: 3,
      processesAlive: 2,
      busy: 2,
      concurrency: 15,
    });
    const push = snapshot.queues.find((q) => q.name === "push")!;
    expect(push.latency).toBeCloseTo((NOW - (T0 - 7_200_000)) / 1000, 6); // the oldest job, at LINDEX -1
    expect(snapshot.queues.find((q) => q.name === "default")!.latency).toBeCloseTo(2.5, 6);
    expect(snapshot.queues.find((q) => q.name === "mailers")).toEqual({
      name: "mailers",
      size: 0,
      latency: 0,
      busy: 0,
    });
    const [p1, p2] = snapshot.processes;
    expect(p1).toMatchObject({
      hostname: "sidekiq-1",
      pid: 101,
      concurrency: 10,
      busy: 2,
      quiet: false,
      beatAt: NOW - 3_000,
      startedAt: T0 - 86_400_000,
    });
    expect(p1!.queues).toEqual(expect.arrayContaining(["default", "push", "ingress", "mailers", "pull", "scheduler"]));
    expect(p1!.running.map((r) => [r.displayClass, r.queue, r.runAt])).toEqual([
      ["LocalNotificationWorker", "default", Math.floor((NOW - 8_000) / 1000) * 1000],
      ["ActivityPub::DeliveryWorker", "push", Math.floor((NOW - 4_000) / 1000) * 1000],
    ]);
    expect(p2).toMatchObject({ hostname: "sidekiq-2", quiet: true, busy: 0, concurrency: 5 });
    if (format === "8.0" || format === "8.1")
      expect(p1!.capsules?.[0]).toMatchObject({ name: "default", concurrency: 10 });
    else expect(p1!.capsules).toBeNull();
  });

  if (namespace) {
    it("sees nothing without the namespace prefix", async () => {
      await writeScenario(new SidekiqWriter(redis, { format, namespace, seed: 3, now: () => T0 }));
      const bare = await readSidekiqSnapshot(redis, { keys: sidekiqKeys(""), format });
      expect(bare).toMatchObject({ enqueued: 0, processesListed: 0, retries: 0, queues: [] });
    });
  }
});

describe("latency after an upgrade, with both timestamp formats in one queue", () => {
  const keys = sidekiqKeys("");
  it("reads Float seconds and Integer milliseconds side by side, as Sidekiq 8 does", async () => {
    const old = new SidekiqWriter(redis, { format: "7.3", seed: 1 });
    const current = new SidekiqWriter(redis, { format: "8.1", seed: 2 });
    // Oldest job written by Sidekiq 7.3 (Float s), newer ones by 8.1 (Integer ms).
    await old.enqueue("ingress", [
      {
        class: "ActivityPub::ProcessingWorker",
        args: [1, "{}", null, "Account"],
        createdAt: NOW - 90_500,
        enqueuedAt: NOW - 90_250,
      },
    ]);
    await current.enqueue("ingress", [
      { class: "ActivityPub::ProcessingWorker", args: [2, "{}", null, "Account"], createdAt: NOW - 1000 },
    ]);
    const oldest = await redis.lindex("queue:ingress", -1);
    expect(oldest).toMatch(/"enqueued_at":\d+\.\d+\}$/);
    for (const format of ["8.0", "8.1"] as const) {
      const ref = await referenceFigures(redis, keys, format, NOW);
      const snap = await readSidekiqSnapshot(redis, { keys, format, now: () => NOW });
      expect(snap.queues[0]!.latency).toBeCloseTo(90.25, 6);
      expect(snap.queues[0]!.latency).toBeCloseTo(ref.queues.ingress!.latency, 6);
    }
    // Once the 7.3 job has run, the 8.1 job (Integer ms) is the oldest.
    await redis.rpop("queue:ingress");
    const snap = await readSidekiqSnapshot(redis, { keys, format: "8.1", now: () => NOW });
    expect(snap.queues[0]!.latency).toBeCloseTo(1, 6);
  });

  it("uses created_at when enqueued_at is missing on 8.x, and 0 on 6.5 / 7.3", async () => {
    const job = toRubyJson(buildJob("8.1", { class: "LinkCrawlWorker", args: [1], createdAt: NOW - 42_000 }));
    expect(job).not.toContain("enqueued_at");
    expect(latencySeconds("8.1", job, NOW)).toBeCloseTo(42, 6);
    expect(latencySeconds("8.0", job, NOW)).toBeCloseTo(42, 6);
    expect(latencySeconds("7.3", job, NOW)).toBe(0);
    expect(latencySeconds("6.5", job, NOW)).toBe(0);
    expect(latencySeconds("8.1", null, NOW)).toBe(0);
  });
});

describe("a process whose hash expired", () => {
  it("is listed but not alive, and its busy threads do not count", async () => {
    const w = new SidekiqWriter(redis, { format: "8.1", seed: 9 });
    const { identity } = await w.writeProcess({
      hostname: "gone",
      pid: 1,
      startedAt: T0,
      beat: T0,
      busy: [{ job: { class: "LinkCrawlWorker", args: [1] }, runAt: T0 }],
    });
    await redis.del(identity);
    const snap = await readSidekiqSnapshot(redis, { keys: sidekiqKeys(""), format: "8.1", work: true });
    expect(snap).toMatchObject({ processesListed: 1, processesAlive: 0, busy: 0, concurrency: 0 });
  });
});
