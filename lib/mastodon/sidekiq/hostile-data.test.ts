// Hostile or malformed data in Sidekiq's Redis, in each version's layout:
// keys of the wrong type, counters that are not numbers, junk members in the
// sets and queues, a bogus `processes` member, a 5 MB payload. Each degrades
// one figure (null, with a sentence naming the key) and never the reading;
// every entry can be listed, fetched whole and deleted by its exact value.
// Redis DB 13 only.
import { describe, expect, it } from "vitest";
import { SidekiqWriter, type SidekiqFormat } from "@/dev/fixtures/sidekiq";
import { useQueuesTestRedis } from "@/dev/testing/queues-test-redis";
import { HowdahError } from "@/lib/errors";
import { deleteJob } from "./job-actions";
import { findJob, jobId } from "./job-ref";
import { readJobWindow, sampleJobs } from "./job-windows";
import { sidekiqKeys } from "./keys";
import { readSidekiqSnapshot } from "./snapshot";

const redis = useQueuesTestRedis();
const T0 = Date.UTC(2025, 7, 6, 12, 0, 0, 250);
const NOW = T0 + 60_000;

const CASES: { format: SidekiqFormat; namespace?: string }[] = [
  { format: "6.5" },
  { format: "6.5", namespace: "mastodon" },
  { format: "7.3" },
  { format: "8.0" },
  { format: "8.1" },
];

describe.each(CASES)("Sidekiq $format (namespace $namespace)", ({ format, namespace }) => {
  const keys = sidekiqKeys(namespace ? `${namespace}:` : "");
  const writer = () => new SidekiqWriter(redis, { format, namespace, seed: 5, now: () => T0 });
  const snapshot = (work = true) => readSidekiqSnapshot(redis, { keys, format, work, now: () => NOW });

  async function healthy(w: SidekiqWriter): Promise<void> {
    await w.enqueue("push", [
      { class: "ActivityPub::DeliveryWorker", args: ["{}", 1, "https://a.example/inbox", {}], createdAt: T0 },
    ]);
    await w.addDead([
      {
        job: { class: "LinkCrawlWorker", args: [3], createdAt: T0 },
        failure: { errorClass: "E", errorMessage: "m", failedAt: T0 },
      },
    ]);
    await w.setStats({ processed: 10, failed: 2 });
    await w.writeProcess({ hostname: "sidekiq-1", pid: 1, concurrency: 5, startedAt: T0, beat: NOW - 1_000 });
  }

  it("a queue key of the wrong type (queue:x a hash) leaves that queue's figures unknown, the rest read", async () => {
    const w = writer();
    await healthy(w);
    await redis.sadd(keys.queues, "x");
    await redis.hset(keys.queue("x"), "junk", "1");
    const s = await snapshot();
    expect(s.queues.find((q) => q.name === "x")).toEqual({ name: "x", size: null, latency: null, busy: null });
    expect(s.queues.find((q) => q.name === "push")).toMatchObject({ size: 1, busy: 0 });
    expect(s).toMatchObject({ enqueued: 1, dead: 1, processed: 10, failed: 2, processesAlive: 1, concurrency: 5 });
    expect(s.problems).toEqual([
      `Sidekiq's "${keys.queue("x")}" is not a list, so the size of the x queue is unknown.`,
    ]);
  });

  it("sets and counters of the wrong type, and counters that are not numbers, are unknown, not zero", async () => {
    const w = writer();
    await healthy(w);
    await redis.set(keys.set("retry"), "not a set");
    await redis.set(keys.processed, "lots");
    await redis.del(keys.failed);
    await redis.hset(keys.failed, "n", "1");
    const s = await snapshot(false);
    expect(s).toMatchObject({ retries: null, processed: null, failed: null, dead: 1, scheduled: 0, enqueued: 1 });
    expect(s.problems).toHaveLength(3);
    expect(s.problems.join(" ")).toMatch(/"[a-z:]*retry" is not a sorted set/);
    expect(s.problems.join(" ")).toMatch(/"[a-z:]*stat:processed" is not a number/);
  });

  it("a bogus `processes` member (key a string, or junk info) or bad work hash costs only that process", async () => {
    const w = writer();
    await healthy(w);
    await redis.sadd(keys.processes, "bogus:1:abc", "junk:2:def");
    await redis.set(keys.process("bogus:1:abc"), "not a hash");
    await redis.hset(keys.process("junk:2:def"), "info", "{not json", "busy", "many", "beat", "soon");
    await redis.set(keys.work("junk:2:def"), "not a hash either");
    const s = await snapshot();
    expect(s.processesListed).toBe(3);
    expect(s.processesAlive).toBe(2);
    expect(s.processes.find((p) => p.identity === "junk:2:def")).toMatchObject({ busy: 0, beatAt: null, running: [] });
    expect(s.problems.join(" ")).toMatch(/bogus:1:abc" is not a hash, so process bogus:1:abc's heartbeat is unknown/);
    expect(s.problems.join(" ")).toMatch(/junk:2:def:work" is not a hash/);

    await redis.del(keys.processes);
    await redis.set(keys.processes, "oops");
    expect(await snapshot()).toMatchObject({ processesListed: null, processesAlive: null, busy: null, enqueued: 1 });
  });

  it("lists junk members of retry, dead and schedule, fetches each whole, deletes one by exact value", async () => {
    const w = writer();
    await healthy(w);
    const huge = JSON.stringify({ class: "ActivityPub::ProcessingWorker", args: [1, "x".repeat(5_000_000)], jid: "h" });
    const junk = ["not json at all", '{"args":[1],"jid":"noclass"}', "[1,2,3]", huge];
    for (const set of ["retry", "dead", "schedule"] as const) {
      await redis.zadd(keys.set(set), ...junk.flatMap((raw, i) => [String(T0 / 1000 + i), raw]));
      const source = { kind: "set", set } as const;
      const window = await readJobWindow(redis, keys, source, { offset: 0, limit: 25, reverse: set === "dead" });
      const raws = window.entries.map((e) => e.raw);
      for (const raw of junk) expect(raws).toContain(raw);
      for (const entry of window.entries) expect(await findJob(redis, keys, source, jobId(entry))).toBe(entry.raw);

      const unreadable = window.entries.find((e) => e.raw === "not json at all")!;
      expect(await deleteJob(redis, keys, source, (await findJob(redis, keys, source, jobId(unreadable)))!)).toBe(true);
      const left = await redis.zrange(keys.set(set), "0", "-1");
      expect(left).not.toContain("not json at all");
      expect(left).toHaveLength(window.entries.length - 1);
      // Gone now: the same id finds nothing, so nothing else can be removed by mistake.
      expect(await findJob(redis, keys, source, jobId(unreadable))).toBeNull();
    }
    const sample = await sampleJobs(redis, keys, { kind: "set", set: "retry" }, { windows: 10, windowSize: 100 });
    expect(sample.total).toBe(3);
  });

  it("finds a queued junk entry by id after older jobs ran, and deletes exactly it", async () => {
    const w = writer();
    await healthy(w);
    await redis.lpush(keys.queue("push"), "{broken", '{"class":1}');
    const source = { kind: "queue", queue: "push" } as const;
    const window = await readJobWindow(redis, keys, source, { offset: 0, limit: 25 });
    const broken = window.entries.find((e) => e.raw === "{broken")!;
    expect(broken.position).toBe(1);
    await redis.rpop(keys.queue("push")); // the oldest job ran: "{broken" moved one place toward the front
    const raw = await findJob(redis, keys, source, jobId(broken));
    expect(raw).toBe("{broken");
    expect(await deleteJob(redis, keys, source, raw!)).toBe(true);
    expect(await redis.lrange(keys.queue("push"), 0, -1)).toEqual(['{"class":1}']);
  });

  it("refuses to list a job source whose key is of the wrong type, clearly and without a change", async () => {
    await redis.sadd(keys.queues, "x");
    await redis.set(keys.queue("x"), "a string");
    await redis.hset(keys.set("dead"), "a", "b");
    for (const source of [{ kind: "queue", queue: "x" } as const, { kind: "set", set: "dead" } as const]) {
      const error = await readJobWindow(redis, keys, source, { offset: 0, limit: 25 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(HowdahError);
      expect(error).toMatchObject({
        code: "conflict",
        message: expect.stringMatching(/is not a (list|sorted set).*Nothing was changed/),
      });
    }
    expect(await redis.get(keys.queue("x"))).toBe("a string");
  });
});
