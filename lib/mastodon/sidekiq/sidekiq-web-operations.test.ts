// What Sidekiq's Web UI does beyond retry and delete, per Sidekiq version, against Redis written in each version's
// exact format (dev/fixtures/sidekiq): kill, add to queue, actions on many ids with some moved, search, quiet and
// stop through the signal list, the daily stat keys and the 7+ execution metrics. Redis DB 13 only.
import { describe, expect, it } from "vitest";
import { SidekiqWriter, type SidekiqFormat } from "@/dev/fixtures/sidekiq";
import { useQueuesTestRedis } from "@/dev/testing/queues-test-redis";
import type { MastodonConnections } from "../connections";
import type { MastodonRelease } from "../version";
import { createSidekiqArea } from "./area";
import { DEAD_MAX_JOBS, killJob } from "./job-actions";
import { readJobWindow } from "./job-windows";
import { jobId } from "./job-ref";
import { metricsBucketKey } from "./job-metrics";
import { sidekiqKeys } from "./keys";
import { signalsKey } from "./process-signals";

const redis = useQueuesTestRedis();
const NOW = Date.now();
const T0 = NOW - 3_600_000;
const RELEASE: Record<SidekiqFormat, MastodonRelease> = { "6.5": "4.3", "7.3": "4.4", "8.0": "4.5", "8.1": "4.6" };

function areaFor(format: SidekiqFormat, prefix: string) {
  const connections = { redis, sidekiqRedis: redis, cacheRedis: redis, keyPrefix: prefix } as MastodonConnections;
  const version = { schemaVersion: "x", release: RELEASE[format], writable: true, readOnlyReason: null };
  return createSidekiqArea({ connections, version: async () => ({ ...version, sidekiqFormat: format }) });
}

const failure = (n: number) => ({ errorClass: "HTTP::TimeoutError", errorMessage: `timed out ${n}`, failedAt: T0 });

describe.each([
  { format: "6.5" as const, namespace: undefined },
  { format: "6.5" as const, namespace: "ns" },
  { format: "7.3" as const, namespace: undefined },
  { format: "8.0" as const, namespace: undefined },
  { format: "8.1" as const, namespace: undefined },
])("Sidekiq $format (namespace $namespace)", ({ format, namespace }) => {
  const prefix = namespace ? `${namespace}:` : "";
  const keys = sidekiqKeys(prefix);
  const writer = () => new SidekiqWriter(redis, { format, namespace, seed: 7, now: () => T0 });
  const area = () => areaFor(format, prefix);
  const retries = (n: number) =>
    writer().addRetries(
      Array.from({ length: n }, (_, i) => ({
        job: { class: "ThreadResolveWorker", args: [113004567890123456n + BigInt(i), `https://a.example/${i}`] },
        failure: failure(i),
        retryAt: NOW + (i + 1) * 60_000,
      })),
    );
  const ids = async (set: "retry" | "schedule" | "dead") =>
    (await readJobWindow(redis, keys, { kind: "set", set }, { offset: 0, limit: 100 })).entries.map(jobId);

  it("kills a retry: the exact member moves to dead at now, and dead is trimmed by age and by 10,000", async () => {
    await retries(1);
    const [member] = await redis.zrange(keys.set("retry"), "0", "-1");
    const ancient = (NOW - 181 * 86_400_000) / 1000;
    await redis.zadd(keys.set("dead"), String(ancient), "ancient");
    const filler = Array.from({ length: DEAD_MAX_JOBS }, (_, i) => [String(T0 / 1000 + i / 1000), `old-${i}`]);
    await redis.zadd(keys.set("dead"), ...filler.flat());
    expect(await killJob(redis, keys, "retry", member!, { nowMs: NOW })).toBe(true);
    expect(await redis.zcard(keys.set("retry"))).toBe(0);
    // ZREMRANGEBYRANK dead 0 -10000 keeps the newest 9,999, as DeadSet#trim does.
    expect(await redis.zcard(keys.set("dead"))).toBe(DEAD_MAX_JOBS - 1);
    expect(await redis.zscore(keys.set("dead"), "ancient")).toBeNull();
    expect(Number(await redis.zscore(keys.set("dead"), member!))).toBeCloseTo(NOW / 1000, 2);
    // A second kill of the same (now gone) member changes nothing.
    expect(await killJob(redis, keys, "retry", member!, { nowMs: NOW })).toBe(false);
    expect(await redis.zcard(keys.set("dead"))).toBe(DEAD_MAX_JOBS - 1);
  });

  it("acts on many ids: the ones still there move, the ones Sidekiq moved meanwhile are reported gone", async () => {
    await retries(4);
    const all = await ids("retry");
    const members = await redis.zrange(keys.set("retry"), "0", "-1");
    await redis.zrem(keys.set("retry"), members[1]!); // Sidekiq retried the second one meanwhile
    const outcomes = await area().jobActions({
      action: "kill",
      source: { kind: "set", set: "retry" },
      ids: all.slice(0, 3),
    });
    expect(outcomes.map((o) => o.done)).toEqual([true, false, true]);
    expect(outcomes[0]!.job).toMatchObject({ className: "ThreadResolveWorker", queue: "pull" });
    expect(await redis.zrange(keys.set("retry"), "0", "-1")).toEqual([members[3]]);
    expect((await redis.zrange(keys.set("dead"), "0", "-1")).sort()).toEqual([members[0], members[2]].sort());

    // Retry from dead: onto the queue, retry_count − 1 as SortedEntry#retry does.
    const dead = await ids("dead");
    const retried = await area().jobActions({ action: "retry", source: { kind: "set", set: "dead" }, ids: dead });
    expect(retried.every((o) => o.done && o.movedTo === "pull")).toBe(true);
    expect(await redis.llen(keys.queue("pull"))).toBe(2);
    expect(await redis.zcard(keys.set("dead"))).toBe(0);
  });

  it("adds scheduled jobs to their queues now, and offers only what Sidekiq's Web UI offers per list", async () => {
    await writer().schedule([
      { job: { class: "LinkCrawlWorker", args: [1] }, at: NOW + 600_000 },
      { job: { class: "LinkCrawlWorker", args: [2] }, at: NOW + 700_000 },
    ]);
    const scheduled = await ids("schedule");
    const source = { kind: "set", set: "schedule" } as const;
    await expect(area().jobActions({ action: "retry", source, ids: scheduled })).rejects.toMatchObject({
      code: "bad_request",
      message: expect.stringMatching(/added to its queue now or deleted/),
    });
    await expect(area().jobActions({ action: "kill", source, ids: scheduled })).rejects.toMatchObject({
      code: "bad_request",
    });
    const outcomes = await area().jobActions({ action: "enqueue", source, ids: scheduled });
    expect(outcomes.map((o) => [o.done, o.movedTo])).toEqual([
      [true, "pull"],
      [true, "pull"],
    ]);
    const queued = await redis.lrange(keys.queue("pull"), 0, -1);
    expect(queued).toHaveLength(2);
    for (const raw of queued) expect(raw).toMatch(/"enqueued_at":/);
    expect(await redis.zcard(keys.set("schedule"))).toBe(0);
    await expect(
      area().jobActions({ action: "kill", source: { kind: "queue", queue: "pull" }, ids: [] }),
    ).rejects.toMatchObject({ code: "bad_request" });
  });

  it("searches args with ZSCAN MATCH on the raw members, literally, in display order", async () => {
    await retries(30);
    await redis.zadd(keys.set("retry"), String(NOW / 1000 + 5), "junk with https://a.example/1 in it [x]*");
    const found = await area().searchJobs({ kind: "set", set: "retry" }, "https://a.example/1", { limit: 100 });
    // a.example/1, /10 … /19, and the junk entry: 12 matches, soonest first.
    expect(found).toMatchObject({ total: 31, matches: 12, complete: true });
    expect(found.entries[0]!.raw).toContain("junk with");
    expect(found.entries.slice(1).every((e) => e.fields?.argsText?.includes("https://a.example/1"))).toBe(true);
    const scores = found.entries.map((e) => e.scoreMs!);
    expect([...scores].sort((a, b) => a - b)).toEqual(scores);
    // Glob characters are literal: "[x]*" finds only the entry that contains it.
    const literal = await area().searchJobs({ kind: "set", set: "retry" }, "[x]*", { limit: 10 });
    expect(literal.entries.map((e) => e.raw)).toEqual(["junk with https://a.example/1 in it [x]*"]);
    // Each match's id names it to the actions.
    const [del] = await area().jobActions({
      action: "delete",
      source: { kind: "set", set: "retry" },
      ids: [literal.entries[0]!.id],
    });
    expect(del!.done).toBe(true);
    // Limited: the first 5 of 11, and the count of all matches.
    const limited = await area().searchJobs({ kind: "set", set: "retry" }, "a.example/1", { limit: 5 });
    expect(limited).toMatchObject({ matches: 11, complete: true });
    expect(limited.entries).toHaveLength(5);
    // A queue is searched window by window from the next job to run.
    await writer().enqueue("default", [
      { class: "LocalNotificationWorker", args: [1, 2, "Status", "reblog"] },
      { class: "LocalNotificationWorker", args: [3, 4, "Favourite", "favourite"] },
    ]);
    const queued = await area().searchJobs({ kind: "queue", queue: "default" }, '"Favourite"', { limit: 25 });
    expect(queued.entries.map((e) => e.fields?.argsText)).toEqual(['[3,4,"Favourite","favourite"]']);
  });

  it("quiets and stops a process through its signal list, which its next heartbeat pops", async () => {
    const w = writer();
    const process = { hostname: "worker-1", pid: 41, nonce: "0123456789ab", startedAt: T0, beat: NOW };
    const { identity } = await w.writeProcess(process);
    expect(await area().signalProcess(identity, "quiet")).toEqual({ sent: true, signal: "TSTP" });
    const key = signalsKey(keys, identity);
    expect(key).toBe(`${prefix}${identity}-signals`);
    expect(await redis.lrange(key, 0, -1)).toEqual(["TSTP"]);
    const ttl = await redis.ttl(key);
    expect(ttl).toBeGreaterThan(55);
    expect(ttl).toBeLessThanOrEqual(60);
    expect(await area().signalProcess(identity, "stop")).toEqual({ sent: true, signal: "TERM" });
    // Each heartbeat RPOPs the oldest signal (the writer does what Launcher#❤ does).
    expect(await w.writeProcess(process)).toEqual({ identity, signal: "TSTP" });
    expect(await w.writeProcess(process)).toEqual({ identity, signal: "TERM" });
    expect(await redis.exists(key)).toBe(0);

    // A process that is gone (no longer listed, or its hash expired) gets no signal.
    await w.removeProcess(identity, { deleteHash: true });
    expect(await area().signalProcess(identity, "stop")).toEqual({ sent: false, reason: "gone", signal: "TERM" });
    expect(await redis.exists(key)).toBe(0);
  });

  if (format !== "6.5") {
    it("refuses to signal an embedded process, as Process#quiet! does from 7.0", async () => {
      const { identity } = await writer().writeProcess({
        hostname: "web-1",
        pid: 7,
        startedAt: T0,
        beat: NOW,
        embedded: true,
      });
      expect(await area().signalProcess(identity, "quiet")).toMatchObject({ sent: false, reason: "embedded" });
      expect(await redis.exists(signalsKey(keys, identity))).toBe(0);
    });
  }

  it("reads Sidekiq's daily history from its stat:<processed|failed>:<day> keys, missing days as 0", async () => {
    const day = (ago: number) => new Date(NOW - ago * 86_400_000).toISOString().slice(0, 10);
    await writer().setStats({
      days: {
        [day(0)]: { processed: 120, failed: 3 },
        [day(2)]: { processed: 50 },
        [day(400)]: { processed: 9, failed: 1 },
      },
    });
    await redis.set(`${prefix}stat:processed:${day(2000)}`, "5"); // beyond five years: not read
    const stats = await area().dailyStats(5 * 365);
    expect(stats.days).toHaveLength(1825);
    expect(stats.days.at(-1)).toEqual({ day: day(0), processed: 120, failed: 3 });
    expect(stats.days.at(-2)).toEqual({ day: day(1), processed: 0, failed: 0 });
    expect(stats.days.at(-3)).toEqual({ day: day(2), processed: 50, failed: 0 });
    expect(stats.since).toBe(day(400));
    const week = await area().dailyStats(7);
    expect(week.days.map((d) => d.processed)).toEqual([0, 0, 0, 0, 50, 0, 120]);
    expect(week.since).toBe(day(2));
  });

  it("reads per-class execution metrics where this version keeps them", async () => {
    const at = NOW - 120_000;
    await writer().recordMetrics(
      at,
      new Map([
        ["ActivityPub::DeliveryWorker", { processed: 10, failed: 2, ms: 4_000 }],
        ["ActionMailer::MailDeliveryJob", { processed: 3, failed: 0, ms: 900 }],
      ]),
    );
    await writer().recordMetrics(
      NOW - 7_200_000,
      new Map([["ActivityPub::DeliveryWorker", { processed: 5, failed: 0, ms: 1_000 }]]),
    );
    const hour = await area().jobMetrics("1h");
    if (format === "6.5") {
      expect(hour).toMatchObject({ available: false, classes: [], reason: expect.stringMatching(/6\.5/) });
      return;
    }
    expect(hour.available).toBe(true);
    expect(hour.classes).toEqual([
      { className: "ActivityPub::DeliveryWorker", processed: 10, failed: 2, totalMs: 4_000, averageMs: 500 },
      { className: "ActionMailer::MailDeliveryJob", processed: 3, failed: 0, totalMs: 900, averageMs: 300 },
    ]);
    const four = await area().jobMetrics("4h");
    expect(four.classes[0]).toMatchObject({ className: "ActivityPub::DeliveryWorker", processed: 15, totalMs: 5_000 });
    const day = await area().jobMetrics("24h");
    if (format === "7.3") {
      expect(day).toMatchObject({ available: false, reason: expect.stringMatching(/8 hours/) });
    } else {
      // From the ten-minute buckets (kept three days).
      expect(day).toMatchObject({ available: true, bucketSeconds: 600 });
      expect(day.classes[0]).toMatchObject({ className: "ActivityPub::DeliveryWorker", processed: 15 });
    }
  });
});

describe("metrics bucket keys", () => {
  it("spells each version's keys as Sidekiq's strftime does", () => {
    const at = new Date(Date.UTC(2025, 1, 14, 8, 3));
    expect(metricsBucketKey("7.3", at, 60)).toBe("j|20250214|8:3");
    expect(metricsBucketKey("8.0", at, 60)).toBe("j|250214|8:03");
    expect(metricsBucketKey("8.1", at, 600)).toBe("j|250214|8:0");
    expect(metricsBucketKey("8.1", new Date(Date.UTC(2025, 1, 14, 18, 43)), 600)).toBe("j|250214|18:4");
  });
});
