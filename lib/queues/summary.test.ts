// The live summary (processes' running args by permission, rates) and the
// backlog breakdown (classes, inbox hosts, sending accounts' domains).
import { TEST_REDIS_URL } from "@/dev/testing/test-services";
import { beforeEach, describe, expect, it } from "vitest";
import { Permissions, PERMISSION_BITS } from "@/lib/auth/permissions";
import { loadConfig } from "@/lib/config/load-config";
import { SidekiqWriter } from "@/dev/fixtures/sidekiq";
import { QUEUES_TEST_REDIS_DB } from "@/dev/testing/queues-test-redis";
import { createServerContext } from "@/lib/server/context";
import { testEnv } from "@/dev/testing/test-env";
import { getBreakdown } from "./breakdown";
import { jobRates, keptReadings } from "./rates";
import { getQueuesSummary } from "./summary";
import { sampleSidekiq } from "./sampler";
import { clearQueueTables, useQueuesTestContext } from "@/dev/testing/queues-test-context";

const t = useQueuesTestContext("summary", "4.6");
const admin = { permissions: Permissions.fromBits(PERMISSION_BITS.view_dashboard) };
const owner = { permissions: Permissions.fromRoles(0, PERMISSION_BITS.administrator) };

beforeEach(async () => {
  await clearQueueTables(t.db);
});

describe("getQueuesSummary", () => {
  it("shows figures to dashboard viewers and running jobs' args only to view_devops", async () => {
    const now = Date.now();
    const w = new SidekiqWriter(t.redis, { format: "8.1", seed: 3 });
    await w.enqueue("ingress", [
      {
        class: "ActivityPub::ProcessingWorker",
        args: [1, '{"secret":"post"}', null, "Account"],
        createdAt: now - 5_000,
      },
    ]);
    await w.writeProcess({
      hostname: "worker-a",
      pid: 9,
      concurrency: 5,
      startedAt: now - 60_000,
      beat: now,
      busy: [
        {
          job: {
            class: "ActivityPub::ProcessingWorker",
            args: [2, '{"secret":"dm"}', null, "Account"],
            createdAt: now - 2_000,
          },
          runAt: now - 1_000,
        },
      ],
    });
    const forAdmin = await getQueuesSummary(t.context, admin);
    expect(forAdmin.totals).toMatchObject({ enqueued: 1, busy: 1, concurrency: 5, processesAlive: 1 });
    expect(forAdmin.queues.map((q) => [q.name, q.size, q.busy, q.threshold])).toEqual([["ingress", 1, 1, 300]]);
    expect(forAdmin.processes[0]!.running[0]).toMatchObject({
      displayClass: "ActivityPub::ProcessingWorker",
      argsText: null,
      argsHidden: true,
    });
    expect(JSON.stringify(forAdmin)).not.toContain("secret");
    const forOwner = await getQueuesSummary(t.context, owner);
    expect(forOwner.processes[0]!.running[0]!.argsText).toContain("dm");
    expect(forOwner).toMatchObject({
      format: "8.1",
      formatKnown: true,
      sidekiqRedis: "main",
      namespace: null,
      canViewJobs: true,
    });
  });
});

describe("the Queues page's banner", () => {
  it("comes from the same reading as the figures below it, not the worker's last sample", async () => {
    const now = Date.now();
    const w = new SidekiqWriter(t.redis, { format: "8.1", seed: 4 });
    const delivery = (i: number, ageMs: number) => ({
      class: "ActivityPub::DeliveryWorker",
      args: ["{}", 1, `https://h${i}.example/inbox`],
      createdAt: now - ageMs,
      enqueuedAt: now - ageMs,
    });
    await w.enqueue("push", [delivery(1, 11 * 60_000)]);
    await sampleSidekiq(t.context); // the worker's sample: 1 job, 11 min
    await w.enqueue("push", [delivery(2, 60_000), delivery(3, 1_000)]);
    await t.redis.del("queue:push");
    await w.enqueue("push", [delivery(4, 13 * 60_000), delivery(5, 60_000), delivery(6, 1_000)]);

    const summary = await getQueuesSummary(t.context, admin);
    const push = summary.queues.find((q) => q.name === "push")!;
    expect(push.size).toBe(3);
    const alert = summary.alerts.find((a) => a.queue === "push")!;
    expect(alert.value).toBe(push.latency);
    expect(alert.message).toContain("13 min behind: the oldest of 3 jobs");
    expect(summary.alertsProblem).toBeNull();
  });
});

describe("Sidekiq on its own Redis", () => {
  it("reads SIDEKIQ_REDIS_URL, not the main Redis", async () => {
    const w = new SidekiqWriter(t.redis, { format: "8.1", seed: 5 });
    await w.enqueue("pull", [{ class: "LinkCrawlWorker", args: [1], createdAt: Date.now() - 1_000 }]);
    // Main Redis on DB 15 (nothing of Sidekiq's there; only read), Sidekiq's on the test DB.
    const env = testEnv({
      connectionString: t.connectionString,
      redisDb: 15,
      extra: { SIDEKIQ_REDIS_URL: `${TEST_REDIS_URL}/${QUEUES_TEST_REDIS_DB}` },
    });
    const context = createServerContext(loadConfig(env));
    try {
      const summary = await getQueuesSummary(context, admin);
      expect(summary).toMatchObject({ sidekiqRedis: "own", totals: { enqueued: 1 } });
      expect(summary.queues.map((q) => q.name)).toEqual(["pull"]);
    } finally {
      await context.close();
    }
  });
});

describe("jobRates", () => {
  it(
    "computes per-minute rates from readings about a minute apart, " + "and from stored samples after a restart",
    async () => {
      const owner = {};
      const store = () => t.context.store();
      const at = Date.now();
      expect(await jobRates(owner, { at: at - 30_000, processed: 1_000, failed: 10 }, store)).toMatchObject({
        processedPerMinute: null,
      });
      expect(await jobRates(owner, { at, processed: 1_600, failed: 13 }, store)).toEqual({
        processedPerMinute: 1_200,
        failedPerMinute: 6,
        overSeconds: 30,
      });
      // A reset counter gives no rate rather than a negative one.
      expect(await jobRates(owner, { at: at + 20_000, processed: 5, failed: 0 }, store)).toMatchObject({
        processedPerMinute: null,
      });

      await t.db.query(
        `INSERT INTO howdah.sidekiq_samples (bucket_seconds, taken_at, enqueued, scheduled, retries, dead,
                                             processes, busy, concurrency, processed_total, failed_total)
       VALUES (10, $1, 0, 0, 0, 0, 1, 0, 5, 500, 0)`,
        [new Date(at - 60_000)],
      );
      expect(await jobRates({}, { at, processed: 800, failed: 0 }, store)).toEqual({
        processedPerMinute: 300,
        failedPerMinute: 0,
        overSeconds: 60,
      });
    },
  );

  it("keeps about one reading a second however often the page is polled", async () => {
    const owner = {};
    const store = () => t.context.store();
    const at = Date.now();
    for (let i = 0; i <= 700; i++)
      await jobRates(owner, { at: at + i * 100, processed: 1_000 + i * 10, failed: 0 }, store);
    expect(keptReadings(owner)).toBe(71);
    // 60 s after the first reading, at 100 jobs a second.
    expect(await jobRates(owner, { at: at + 70_100, processed: 1_000 + 701 * 10, failed: 0 }, store)).toMatchObject({
      processedPerMinute: 6_000,
    });
  });
});

describe("getBreakdown", () => {
  it(
    "finds the top classes, the inbox hosts of deliveries " + "and the domains of the accounts sending to ingress",
    async () => {
      const ids = { social: 113004567890123457n, fosstodon: 113004567890123458n, local: 113004567890123459n };
      await t.db.query(
        `INSERT INTO accounts (id, username, domain, created_at, updated_at) VALUES
         ($1, 'a', 'mastodon.social', now(), now()), ($2, 'b', 'fosstodon.org', now(), now()),
         ($3, 'c', NULL, now(), now())`,
        [ids.social.toString(), ids.fosstodon.toString(), ids.local.toString()],
      );
      const w = new SidekiqWriter(t.redis, { format: "8.1", seed: 4 });
      const ingress = (id: bigint) => ({ class: "ActivityPub::ProcessingWorker", args: [id, "{}", null, "Account"] });
      await w.enqueue("ingress", [
        ...Array.from({ length: 6 }, () => ingress(ids.social)),
        ...Array.from({ length: 3 }, () => ingress(ids.fosstodon)),
        ingress(ids.local),
        ingress(999n),
        { class: "LinkCrawlWorker", args: [1], queue: "ingress" },
      ]);
      const byIngress = await getBreakdown(t.context, { kind: "queue", queue: "ingress" });
      expect(byIngress).toMatchObject({
        source: "queue:ingress",
        total: 12,
        sampled: 12,
        senderProblem: null,
        deliveryHosts: [],
      });
      expect(byIngress.classes.map((c) => [c.name, c.count])).toEqual([
        ["ActivityPub::ProcessingWorker", 11],
        ["LinkCrawlWorker", 1],
      ]);
      expect(byIngress.senderDomains.map((d) => [d.name, d.count])).toEqual([
        ["mastodon.social", 6],
        ["fosstodon.org", 3],
        ["(account no longer known)", 1],
        ["howdah.test (local)", 1],
      ]);

      await w.enqueue(
        "push",
        Array.from({ length: 3_000 }, (_, i) => ({
          class: "ActivityPub::DeliveryWorker",
          args: ["{}", 1, `https://${i % 4 === 0 ? "slow.example" : "fast.example"}/inbox`, {}],
        })),
      );
      const byPush = await getBreakdown(t.context, { kind: "queue", queue: "push" });
      expect(byPush).toMatchObject({ total: 3_000, sampled: 500 });
      expect(byPush.deliveryHosts.map((h) => h.name)).toEqual(["fast.example", "slow.example"]);
      expect(byPush.deliveryHosts[1]!.estimate).toBeGreaterThan(600);
      expect(byPush.deliveryHosts[1]!.estimate).toBeLessThan(900);
    },
  );
});
