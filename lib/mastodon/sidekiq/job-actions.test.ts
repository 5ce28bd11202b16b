// Retry now, delete, retry all and clear dead, against Sidekiq's own API
// semantics per version (api.rb SortedEntry#retry / #add_to_queue, JobSet
// #retry_all, DeadSet#clear, JobRecord#delete). Redis DB 13 only.
import { describe, expect, it } from "vitest";
import { SidekiqWriter, type SidekiqFormat } from "@/dev/fixtures/sidekiq";
import { clearDeadJobs, deleteJob, requeueJob, retryAllJobs } from "./job-actions";
import { sidekiqKeys } from "./keys";
import { useQueuesTestRedis } from "@/dev/testing/queues-test-redis";
import { parseJobPayload } from "./repush";

const redis = useQueuesTestRedis();
const T0 = Date.UTC(2025, 7, 6, 12, 0, 0, 250);
const NOW = T0 + 600_000;
const JID = "0123456789abcdef01234567";

const ms = (f: SidekiqFormat) => f === "8.0" || f === "8.1";

describe.each([
  { format: "6.5" as const, namespace: undefined },
  { format: "6.5" as const, namespace: "ns" },
  { format: "7.3" as const, namespace: undefined },
  { format: "8.0" as const, namespace: undefined },
  { format: "8.1" as const, namespace: undefined },
])("Sidekiq $format (namespace $namespace)", ({ format, namespace }) => {
  const keys = sidekiqKeys(namespace ? `${namespace}:` : "");
  const writer = () => new SidekiqWriter(redis, { format, namespace, seed: 4 });
  const now = ms(format) ? String(NOW) : String(NOW / 1000);

  it(
    "retries a job now: ZREM the exact member, retry_count − 1, " + "enqueued_at = now in place, LPUSH onto its queue",
    async () => {
      await writer().addRetries([
        {
          job: {
            class: "ThreadResolveWorker",
            args: [113004567890123456n, "https://a.example/s/1"],
            jid: JID,
            createdAt: T0,
          },
          failure: {
            errorClass: "HTTP::TimeoutError",
            errorMessage: "timed out",
            failedAt: T0,
            retryCount: 2,
            retriedAt: T0 + 1000,
          },
        },
      ]);
      const [member] = await redis.zrange(keys.set("retry"), "0", "-1");
      expect(member).toContain('"retry_count":2');
      const result = await requeueJob(redis, keys, "retry", member!, { format, nowMs: NOW });
      expect(result).toEqual({ moved: true, queue: "pull", jid: JID, className: "ThreadResolveWorker" });
      expect(await redis.zcard(keys.set("retry"))).toBe(0);
      expect(await redis.smembers(keys.queues)).toEqual(["pull"]);
      // Sidekiq.dump_json of the same hash: only retry_count and enqueued_at change, in place; the snowflake keeps
      // every digit.
      const expected = member!
        .replace('"retry_count":2', '"retry_count":1')
        .replace(/"enqueued_at":[0-9.]+/, `"enqueued_at":${now}`);
      expect(await redis.lrange(keys.queue("pull"), 0, -1)).toEqual([expected]);
      expect(expected).toContain("113004567890123456");
    },
  );

  it("adds a scheduled job to its queue unchanged but for enqueued_at, appended last", async () => {
    await writer().schedule([
      { job: { class: "LinkCrawlWorker", args: [7], jid: JID, createdAt: T0 }, at: NOW + 60_000 },
    ]);
    const [member] = await redis.zrange(keys.set("schedule"), "0", "-1");
    expect(member).not.toContain("enqueued_at");
    const result = await requeueJob(redis, keys, "schedule", member!, { format, nowMs: NOW });
    expect(result.moved).toBe(true);
    expect(await redis.lrange(keys.queue("pull"), 0, -1)).toEqual([`${member!.slice(0, -1)},"enqueued_at":${now}}`]);
  });

  it("retries a dead job with retry_count 0 to -1, as Ruby's truthy 0 does", async () => {
    await writer().addDead([
      {
        job: { class: "LinkCrawlWorker", args: [1], jid: JID, createdAt: T0 },
        failure: { errorClass: "E", errorMessage: "m", failedAt: T0 },
      },
    ]);
    const [member] = await redis.zrange(keys.set("dead"), "0", "-1");
    await requeueJob(redis, keys, "dead", member!, { format, nowMs: NOW });
    expect(await redis.lindex(keys.queue("pull"), 0)).toContain('"retry_count":-1');
  });

  it("tells a job that is gone apart, and changes nothing", async () => {
    await writer().addRetries(
      [
        {
          job: { class: "LinkCrawlWorker", args: [1], jid: JID, createdAt: T0 },
          failure: { errorClass: "E", errorMessage: "m", failedAt: T0, retryCount: 0 },
        },
      ].map((e) => ({ ...e, job: { ...e.job, class: "ThreadResolveWorker" } })),
    );
    const [member] = await redis.zrange(keys.set("retry"), "0", "-1");
    const tampered = member!.replace('"m"', '"n"');
    expect((await requeueJob(redis, keys, "retry", tampered, { format })).moved).toBe(false);
    expect(await deleteJob(redis, keys, { kind: "set", set: "retry" }, tampered)).toBe(false);
    expect(await redis.zrange(keys.set("retry"), "0", "-1")).toEqual([member]);
    expect(await redis.exists(keys.queue("pull"), keys.queues)).toBe(0);
  });

  it("never runs a job twice when two retries race", async () => {
    await writer().addRetries([
      {
        job: { class: "ThreadResolveWorker", args: [1, "u"], createdAt: T0 },
        failure: { errorClass: "E", errorMessage: "m", failedAt: T0 },
      },
    ]);
    const [member] = await redis.zrange(keys.set("retry"), "0", "-1");
    const results = await Promise.all(
      Array.from({ length: 5 }, () => requeueJob(redis, keys, "retry", member!, { format })),
    );
    expect(results.filter((r) => r.moved)).toHaveLength(1);
    expect(await redis.llen(keys.queue("pull"))).toBe(1);
  });

  it("deletes a queued job by its exact string (LREM 1) and leaves its twin", async () => {
    const w = writer();
    await w.enqueue("default", [
      { class: "LocalNotificationWorker", args: [1, 2, "Status", "reblog"], jid: JID, createdAt: T0 },
    ]);
    const [raw] = await redis.lrange(keys.queue("default"), 0, -1);
    await redis.lpush(keys.queue("default"), raw!);
    expect(await deleteJob(redis, keys, { kind: "queue", queue: "default" }, raw!)).toBe(true);
    expect(await redis.lrange(keys.queue("default"), 0, -1)).toEqual([raw]);
  });
});

describe("retry all and clear dead", () => {
  const keys = sidekiqKeys("");
  it(
    "moves every retry to its queue in atomic batches " + "while a Sidekiq poller takes some, losing and doubling none",
    async () => {
      const w = new SidekiqWriter(redis, { format: "8.1", seed: 5 });
      await w.addRetries(
        Array.from({ length: 1_234 }, (_, i) => ({
          job: { class: i % 2 ? "ThreadResolveWorker" : "RedownloadMediaWorker", args: [i, "u"], createdAt: T0 },
          failure: { errorClass: "E", errorMessage: "m", failedAt: T0, retryCount: 1, retriedAt: T0 },
          retryAt: T0 + i,
        })),
      );
      // A concurrent "Sidekiq poller" taking the soonest retries, the way Scheduled::Enq does (ZREM, then push).
      const poller = (async () => {
        for (let k = 0; k < 100; k++) {
          const [first] = await redis.zrange("retry", "0", "0");
          if (!first) break;
          if (await redis.zrem("retry", first)) await redis.lpush("queue:pull", first);
        }
      })();
      const [result] = await Promise.all([retryAllJobs(redis, keys, { format: "8.1", batch: 200 }), poller]);
      expect(await redis.zcard("retry")).toBe(0);
      expect(await redis.llen("queue:pull")).toBe(1_234);
      expect(result.moved).toBeGreaterThanOrEqual(1_134);
      const jids = new Set((await redis.lrange("queue:pull", 0, -1)).map((raw) => parseJobPayload(raw).get("jid")));
      expect(jids.size).toBe(1_234);
    },
  );

  it("clears the dead set", async () => {
    const w = new SidekiqWriter(redis, { format: "7.3", seed: 5 });
    await w.addDead(
      [1, 2, 3].map((i) => ({
        job: { class: "LinkCrawlWorker", args: [i], createdAt: T0 },
        failure: { errorClass: "E", errorMessage: "m", failedAt: T0 },
      })),
    );
    expect(await clearDeadJobs(redis, keys)).toBe(3);
    expect(await redis.exists("dead")).toBe(0);
  });

  it("refuses payloads that are not jobs", () => {
    expect(() => parseJobPayload("not json")).toThrow(/not valid JSON/);
    expect(() => parseJobPayload('{"class":"X"}')).toThrow(/no "jid"/);
    expect(() => parseJobPayload("[1]")).toThrow(/not a JSON object/);
  });
});
