// Job lists and actions through the feature layer, on Mastodon 4.3 with
// REDIS_NAMESPACE (Sidekiq 6.5 keys under "mastodon:"): audit records,
// jobs that are gone, tampered payloads, read-only versions, Redis down.
import { beforeEach, describe, expect, it } from "vitest";
import { loadConfig } from "@/lib/config/load-config";
import { SidekiqWriter } from "@/dev/fixtures/sidekiq";
import { HowdahError } from "@/lib/errors";
import { QUEUES_TEST_REDIS_DB } from "@/dev/testing/queues-test-redis";
import { createServerContext } from "@/lib/server/context";
import { testEnv } from "@/dev/testing/test-env";
import { jobActionInput, runBulkAction, runJobAction } from "./actions";
import { listJobs, listJobsInput } from "./jobs";
import { clearQueueTables, useQueuesTestContext } from "@/dev/testing/queues-test-context";

const t = useQueuesTestContext("actions", "4.3", { REDIS_NAMESPACE: "mastodon" });
const actor = { staff: { accountId: "42", acct: "owner" }, ip: "203.0.113.9" };
const T0 = Date.UTC(2025, 7, 6, 12);
const writer = () => new SidekiqWriter(t.redis, { format: "6.5", namespace: "mastodon", seed: 11 });

beforeEach(async () => {
  await clearQueueTables(t.db);
});

const audit = async () =>
  (
    await t.db.query(
      "SELECT action, target_type, target, outcome, details, ip, actor_acct FROM howdah.audit_log ORDER BY id",
    )
  ).rows;
const source = (id: string) => listJobsInput.shape.source.parse(id);

async function seedRetries() {
  await writer().addRetries([
    {
      job: {
        class: "ThreadResolveWorker",
        args: [113004567890123456n, "https://a.example/s/1"],
        jid: "a".repeat(24),
        createdAt: T0,
      },
      failure: {
        errorClass: "HTTP::TimeoutError",
        errorMessage: "timed out",
        failedAt: T0,
        retryCount: 1,
        retriedAt: T0,
      },
    },
    {
      job: { class: "RedownloadMediaWorker", args: [7], jid: "b".repeat(24), createdAt: T0 },
      failure: { errorClass: "E", errorMessage: "m", failedAt: T0 },
    },
  ]);
}

describe("listJobs", () => {
  it("reads namespaced keys, pages, filters by class and shows args with ids intact", async () => {
    await seedRetries();
    const page = await listJobs(t.context, listJobsInput.parse({ source: "retry" }));
    expect(page).toMatchObject({ source: "retry", total: 2, nextOffset: null });
    expect(page.jobs.map((j) => j.className).sort()).toEqual(["RedownloadMediaWorker", "ThreadResolveWorker"]);
    const thread = page.jobs.find((j) => j.className === "ThreadResolveWorker")!;
    expect(thread).toMatchObject({
      args: '[113004567890123456,"https://a.example/s/1"]',
      retryCount: 1,
      errorClass: "HTTP::TimeoutError",
      errorMessage: "timed out",
      failedAt: T0,
      queue: "pull",
    });
    const filtered = await listJobs(
      t.context,
      listJobsInput.parse({ source: "retry", class: "RedownloadMediaWorker" }),
    );
    expect(filtered.jobs.map((j) => j.className)).toEqual(["RedownloadMediaWorker"]);
  });

  it("says clearly when the queue is unknown, the offset is past the end, or the input is wrong", async () => {
    await writer().enqueue("default", [
      { class: "LocalNotificationWorker", args: [1, 2, "Status", "reblog"], createdAt: T0 },
    ]);
    await expect(listJobs(t.context, listJobsInput.parse({ source: "queue:nope" }))).rejects.toMatchObject({
      code: "not_found",
      message: 'Sidekiq has no queue called "nope".',
    });
    await expect(
      listJobs(t.context, listJobsInput.parse({ source: "queue:default", offset: "5" })),
    ).rejects.toMatchObject({ code: "bad_request" });
    expect(listJobsInput.safeParse({ source: "queues" }).success).toBe(false);
    expect(listJobsInput.safeParse({ source: "queue:default", class: "Foo; DROP" }).success).toBe(false);
    expect(listJobsInput.safeParse({ source: "queue:default", limit: "1000" }).success).toBe(false);
  });
});

describe("job actions", () => {
  it("retries a job now, records it, and refuses the same job again once it is gone", async () => {
    await seedRetries();
    const page = await listJobs(t.context, listJobsInput.parse({ source: "retry", class: "ThreadResolveWorker" }));
    const id = page.jobs[0]!.id;
    const done = await runJobAction(t.context, actor, { action: "retry", source: source("retry"), id });
    expect(done.message).toMatch(/moved from the retry set to the pull queue/);
    expect(await t.redis.llen("mastodon:queue:pull")).toBe(1);
    expect(await t.redis.lindex("mastodon:queue:pull", 0)).toContain('"retry_count":0');

    const again = runJobAction(t.context, actor, { action: "retry", source: source("retry"), id });
    await expect(again).rejects.toMatchObject({ code: "conflict" });
    await expect(again).rejects.toThrow(/no longer in the retry set.*Nothing was changed/);
    expect(await t.redis.llen("mastodon:queue:pull")).toBe(1);
    expect(await t.redis.zcard("mastodon:retry")).toBe(1);

    const rows = await audit();
    expect(rows.map((r) => [r.action, r.target, r.outcome])).toEqual([
      ["sidekiq.retry_job", "a".repeat(24), "ok"],
      // Once gone, its jid cannot be read any more: the refusal names the id that was sent.
      ["sidekiq.retry_job", id, "refused"],
    ]);
    expect(rows[0]).toMatchObject({
      target_type: "sidekiq_job",
      ip: "203.0.113.9",
      actor_acct: "owner",
      details: { source: "retry", id, class: "ThreadResolveWorker", queue: "pull" },
    });
    expect(JSON.stringify(rows[0].details)).not.toContain("113004567890123456");
  });

  it("deletes queued and dead jobs by their exact stored value; a tampered id changes nothing", async () => {
    const w = writer();
    await w.enqueue("default", [{ class: "LocalNotificationWorker", args: [1, 2, "Status", "reblog"], createdAt: T0 }]);
    await w.addDead([
      {
        job: { class: "LinkCrawlWorker", args: [3], createdAt: T0 },
        failure: { errorClass: "E", errorMessage: "m", failedAt: T0 },
      },
    ]);
    const queued = (await listJobs(t.context, listJobsInput.parse({ source: "queue:default" }))).jobs[0]!.id;
    const dead = (await listJobs(t.context, listJobsInput.parse({ source: "dead" }))).jobs[0]!.id;

    // Another digest at the same place: some other value, so nothing is removed.
    const tampered = queued.replace(/:[0-9a-f]{4}/, ":ffff");
    await expect(
      runJobAction(t.context, actor, { action: "delete", source: source("queue:default"), id: tampered }),
    ).rejects.toMatchObject({ code: "conflict" });
    expect(jobActionInput.safeParse({ action: "delete", source: "dead", id: "{not json" }).success).toBe(false);
    await expect(
      runJobAction(t.context, actor, { action: "retry", source: source("queue:default"), id: queued }),
    ).rejects.toThrow(/A job in a queue cannot be retried now; it can be deleted/);
    expect(await t.redis.llen("mastodon:queue:default")).toBe(1);
    expect(await t.redis.zcard("mastodon:dead")).toBe(1);

    await runJobAction(t.context, actor, { action: "delete", source: source("queue:default"), id: queued });
    await runJobAction(t.context, actor, { action: "delete", source: source("dead"), id: dead });
    expect(await t.redis.llen("mastodon:queue:default")).toBe(0);
    expect(await t.redis.zcard("mastodon:dead")).toBe(0);
    expect((await audit()).filter((r) => r.outcome === "ok").map((r) => r.action)).toEqual([
      "sidekiq.delete_job",
      "sidekiq.delete_job",
    ]);
  });

  it("retries all retries and deletes all dead jobs, each recorded", async () => {
    await seedRetries();
    await writer().addDead(
      [1, 2, 3].map((i) => ({
        job: { class: "LinkCrawlWorker", args: [i], createdAt: T0 },
        failure: { errorClass: "E", errorMessage: "m", failedAt: T0 },
      })),
    );
    expect(await runBulkAction(t.context, actor, { action: "retry_all_retries" })).toMatchObject({ count: 2 });
    expect(await runBulkAction(t.context, actor, { action: "delete_all_dead" })).toMatchObject({
      count: 3,
      message: "3 dead jobs were deleted.",
    });
    expect(await t.redis.zcard("mastodon:retry")).toBe(0);
    expect(await t.redis.llen("mastodon:queue:pull")).toBe(2);
    expect((await audit()).map((r) => [r.action, r.target, r.details])).toEqual([
      ["sidekiq.retry_all", "retry", { moved: 2, skipped: 0 }],
      ["sidekiq.delete_all_dead", "dead", { deleted: 3 }],
    ]);
  });

  it("refuses writes on a Mastodon version Howdah does not know", async () => {
    await seedRetries();
    await t.db.query("INSERT INTO schema_migrations (version) VALUES ('29990101000000')");
    const context = createServerContext(
      loadConfig(
        testEnv({
          connectionString: t.connectionString,
          redisDb: QUEUES_TEST_REDIS_DB,
          extra: { REDIS_NAMESPACE: "mastodon" },
        }),
      ),
    );
    try {
      await expect(runBulkAction(context, actor, { action: "delete_all_dead" })).rejects.toMatchObject({
        code: "read_only",
      });
      // Reading still works.
      expect((await listJobs(context, listJobsInput.parse({ source: "retry" }))).total).toBe(2);
    } finally {
      await t.db.query("DELETE FROM schema_migrations WHERE version = '29990101000000'");
      await context.close();
    }
  });

  it("reports Sidekiq's Redis being down as a 503 that names it, and changes nothing", async () => {
    const context = createServerContext(
      loadConfig(
        testEnv({
          connectionString: t.connectionString,
          redisDb: QUEUES_TEST_REDIS_DB,
          extra: { REDIS_NAMESPACE: "mastodon", SIDEKIQ_REDIS_URL: "redis://127.0.0.1:1/0" },
        }),
      ),
    );
    try {
      const error = await listJobs(context, listJobsInput.parse({ source: "retry" })).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(HowdahError);
      expect(error).toMatchObject({
        code: "unavailable",
        message: expect.stringMatching(/^Sidekiq Redis is unavailable/),
      });
      await expect(runBulkAction(context, actor, { action: "delete_all_dead" })).rejects.toMatchObject({
        code: "unavailable",
      });
      expect(await audit()).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
