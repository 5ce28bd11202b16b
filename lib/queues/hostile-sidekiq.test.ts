// Hostile Sidekiq data through the features, on Mastodon 4.6 (Sidekiq 8.1):
// the Queues summary, the worker's sampler and the status page's readings
// still answer with the one bad figure unknown; a page of 25 large jobs stays
// small, each fetched whole on demand; an unreadable dead entry is deleted by
// its exact stored value and audited.
import { beforeEach, describe, expect, it } from "vitest";
import { SidekiqWriter } from "@/dev/fixtures/sidekiq";
import { Permissions, PERMISSION_BITS } from "@/lib/auth/permissions";
import { clearQueueTables, useQueuesTestContext } from "@/dev/testing/queues-test-context";
import { evaluateComponents, overallLine } from "@/lib/status/evaluate";
import { takeReadings } from "@/lib/status/readings";
import { runJobAction } from "./actions";
import { getJobPayload, listJobs, listJobsInput } from "./jobs";
import { sampleSidekiq } from "./sampler";
import { getQueuesSummary } from "./summary";

const t = useQueuesTestContext("hostile", "4.6", {
  HOWDAH_PROBE_WEB_URL: "http://127.0.0.1:1/health",
  HOWDAH_PROBE_STREAMING_URL: "http://127.0.0.1:1/api/v1/streaming/health",
  HOWDAH_PROBE_TIMEOUT_MS: "500",
});
const actor = { staff: { accountId: "42", acct: "owner" }, ip: "203.0.113.9" };
const owner = { permissions: Permissions.fromRoles(0, PERMISSION_BITS.administrator) };
const T0 = Date.now() - 3_600_000;
const writer = () => new SidekiqWriter(t.redis, { format: "8.1", seed: 9, now: () => T0 });
const source = (id: string) => listJobsInput.shape.source.parse(id);

beforeEach(async () => {
  await clearQueueTables(t.db);
});

/** A backlog with no Sidekiq process alive (a measured outage), plus one `queue:x` that is a hash. */
async function outageWithBadKey(): Promise<void> {
  await writer().enqueue("default", [{ class: "LocalNotificationWorker", args: [1, 2, "Status", "reblog"] }]);
  await t.redis.sadd("queues", "x");
  await t.redis.hset("queue:x", "not", "a list");
}

describe("a wrong-type key in Sidekiq's Redis", () => {
  it("the Queues summary answers, with that queue's figures unknown and the problem named", async () => {
    await outageWithBadKey();
    const summary = await getQueuesSummary(t.context, owner);
    expect(summary.queues.find((q) => q.name === "x")).toMatchObject({ size: null, latency: null });
    expect(summary.queues.find((q) => q.name === "default")).toMatchObject({ size: 1 });
    expect(summary.totals).toMatchObject({ enqueued: 1, processesAlive: 0 });
    expect(summary.problems).toEqual([`Sidekiq's "queue:x" is not a list, so the size of the x queue is unknown.`]);
  });

  it("the sampler still samples: the bad figure is stored as NULL (a gap), the rest as read", async () => {
    await outageWithBadKey();
    await t.redis.set("retry", "junk");
    expect(await sampleSidekiq(t.context)).toEqual({ enqueued: 1, queues: 2 });
    const { rows } = await t.db.query("SELECT enqueued, retries, dead, processes FROM howdah.sidekiq_samples");
    expect(rows).toEqual([{ enqueued: "1", retries: null, dead: "0", processes: 0 }]);
    const queues = await t.db.query("SELECT queue, size FROM howdah.sidekiq_queue_samples ORDER BY queue");
    expect(queues.rows).toEqual([{ queue: "default", size: "1" }]);
  });

  it("the status page keeps the measured outage instead of flipping to operational", async () => {
    await outageWithBadKey();
    await t.redis.hset("queue:push", "also", "not a list");
    await t.redis.sadd("queues", "push");
    const readings = await takeReadings(t.context);
    const components = evaluateComponents(readings, t.context.config.howdah.status.thresholds);
    const state = Object.fromEntries(components.map((c) => [c.id, c.state]));
    expect(state).toMatchObject({ background_jobs: "outage", federation: "unknown", email: "operational" });
    expect(overallLine(components).state).toBe("outage");
  });
});

describe("large and unreadable jobs", () => {
  it("a page of 25 one-megabyte jobs stays small; each job is fetched whole on demand", async () => {
    const big = (i: number) => ({
      class: "ActivityPub::ProcessingWorker",
      args: [i, "y".repeat(1_000_000), 3, "Person"],
    });
    await writer().enqueue(
      "ingress",
      Array.from({ length: 25 }, (_, i) => big(i)),
    );
    const page = await listJobs(t.context, listJobsInput.parse({ source: "queue:ingress", limit: "25" }));
    expect(page.jobs).toHaveLength(25);
    const bytes = Buffer.byteLength(JSON.stringify(page));
    expect(bytes).toBeLessThan(100_000); // 25 MB before previews
    expect(page.jobs[0]).toMatchObject({ argsTruncated: true, bytes: expect.any(Number) });
    expect(page.jobs[0]!.bytes).toBeGreaterThan(1_000_000);

    const whole = await getJobPayload(t.context, { source: source("queue:ingress"), id: page.jobs[3]!.id });
    expect(whole.raw).toBe(await t.redis.lindex("queue:ingress", -4));
    expect(whole.bytes).toBe(page.jobs[3]!.bytes);
  });

  it("deletes an unreadable dead entry one by one, by its exact stored value, and audits it", async () => {
    await t.redis.zadd("dead", String(T0 / 1000), "not json {", String(T0 / 1000 + 1), '{"no":"class"}');
    const page = await listJobs(t.context, listJobsInput.parse({ source: "dead" }));
    const junk = page.jobs.find((j) => j.args === "not json {")!;
    expect(junk).toMatchObject({ readable: false, className: "(not a job)" });
    const done = await runJobAction(t.context, actor, { action: "delete", source: source("dead"), id: junk.id });
    expect(done.message).toBe("This unreadable entry (not a Sidekiq job) was deleted from the dead set.");
    expect(await t.redis.zrange("dead", "0", "-1")).toEqual(['{"no":"class"}']);
    const audit = await t.db.query("SELECT action, target, outcome FROM howdah.audit_log");
    expect(audit.rows).toEqual([{ action: "sidekiq.delete_job", target: junk.id, outcome: "ok" }]);

    const retry = await runJobAction(t.context, actor, {
      action: "retry",
      source: source("dead"),
      id: page.jobs.find((j) => j.args !== "not json {")!.id,
    }).catch((e: unknown) => e);
    expect(retry).toMatchObject({ code: "bad_request", message: expect.stringMatching(/Nothing was changed/) });
    expect(await t.redis.zcard("dead")).toBe(1);
  });
});
