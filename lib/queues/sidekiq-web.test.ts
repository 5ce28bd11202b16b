// The Web UI's actions through the feature layer on Mastodon 4.6 (Sidekiq 8.1): picked jobs with some gone,
// kill and add to queue, search, quiet / stop, Sidekiq's daily history; each recorded in Howdah's audit log.
import { beforeEach, describe, expect, it } from "vitest";
import { SidekiqWriter } from "@/dev/fixtures/sidekiq";
import { clearQueueTables, useQueuesTestContext } from "@/dev/testing/queues-test-context";
import { jobsActionInput, runJobsAction } from "./actions";
import { listJobs, listJobsInput } from "./jobs";
import { runProcessSignal } from "./process-actions";
import { readDailyHistory } from "./sidekiq-stats";

const t = useQueuesTestContext("web", "4.6");
const actor = { staff: { accountId: "42", acct: "owner" }, ip: "203.0.113.9" };
const NOW = Date.now();
const writer = () => new SidekiqWriter(t.redis, { format: "8.1", seed: 12, now: () => NOW - 60_000 });

beforeEach(async () => {
  await clearQueueTables(t.db);
});

const audit = async () =>
  (await t.db.query("SELECT action, target, outcome, details FROM howdah.audit_log ORDER BY id")).rows;

async function seedRetries(n: number) {
  await writer().addRetries(
    Array.from({ length: n }, (_, i) => ({
      job: {
        class: "ActivityPub::DeliveryWorker",
        args: [`{"id":"https://b.example/${i}"}`, 5, `https://b.example/inbox/${i}`],
      },
      failure: { errorClass: "HTTP::ConnectionError", errorMessage: "refused", failedAt: NOW - 60_000 },
      retryAt: NOW + (i + 1) * 60_000,
    })),
  );
}

describe("picked jobs", () => {
  it("kills the picked jobs still there, says which were gone, records each, and 409s when none is left", async () => {
    await seedRetries(3);
    const page = await listJobs(t.context, listJobsInput.parse({ source: "retry" }));
    expect(page.total).toBe(3);
    const [a, b, c] = page.jobs;
    await t.redis.zrem("retry", (await t.redis.zrange("retry", "0", "0"))[0]!); // Sidekiq retried the first
    const input = jobsActionInput.parse({ action: "kill", source: "retry", ids: [a!.id, b!.id, c!.id] });
    const result = await runJobsAction(t.context, actor, input);
    expect(result).toMatchObject({ done: 2, gone: 1, goneIds: [a!.id] });
    expect(result.message).toBe(
      "2 jobs were moved to the dead set. 1 job was no longer in the retry set (Sidekiq had already run, retried " +
        "or moved them) and left alone.",
    );
    // Counts from one reading: the list now holds what the action left.
    expect((await listJobs(t.context, listJobsInput.parse({ source: "retry" }))).total).toBe(0);
    expect((await listJobs(t.context, listJobsInput.parse({ source: "dead" }))).total).toBe(2);
    const rows = await audit();
    expect(rows.map((r) => [r.action, r.outcome])).toEqual([
      ["sidekiq.kill_job", "refused"],
      ["sidekiq.kill_job", "ok"],
      ["sidekiq.kill_job", "ok"],
    ]);
    expect(rows[1].target).toBe(b!.jid);

    const again = runJobsAction(t.context, actor, input);
    await expect(again).rejects.toMatchObject({ code: "conflict" });
    await expect(again).rejects.toThrow(/None of the 3 jobs picked are still in the retry set.*Nothing was changed/);
    expect(jobsActionInput.safeParse({ action: "kill", source: "retry", ids: [] }).success).toBe(false);
  });

  it("adds scheduled jobs to their queue, and refuses retry on them as the Web UI does", async () => {
    await writer().schedule([{ job: { class: "LinkCrawlWorker", args: [1] }, at: NOW + 600_000 }]);
    const page = await listJobs(t.context, listJobsInput.parse({ source: "schedule" }));
    const ids = page.jobs.map((j) => j.id);
    await expect(
      runJobsAction(t.context, actor, jobsActionInput.parse({ action: "retry", source: "schedule", ids })),
    ).rejects.toMatchObject({ code: "bad_request" });
    const done = await runJobsAction(
      t.context,
      actor,
      jobsActionInput.parse({ action: "enqueue", source: "schedule", ids }),
    );
    expect(done.message).toBe("1 job was moved to their queues.");
    expect(await t.redis.llen("queue:pull")).toBe(1);
    expect((await audit()).map((r) => [r.action, r.outcome, r.details.movedTo])).toEqual([
      ["sidekiq.enqueue_job", "ok", "pull"],
    ]);
  });
});

describe("search", () => {
  it("finds jobs by a piece of their args, acts on them by id; the list size comes from the same read", async () => {
    await seedRetries(12);
    const page = await listJobs(t.context, listJobsInput.parse({ source: "retry", q: "b.example/inbox/1" }));
    expect(page).toMatchObject({
      total: 12,
      search: "b.example/inbox/1",
      matches: 3,
      complete: true,
      nextOffset: null,
    });
    expect(page.jobs.map((j) => j.args.match(/inbox\/(\d+)/)![1])).toEqual(["1", "10", "11"]);
    const result = await runJobsAction(
      t.context,
      actor,
      jobsActionInput.parse({ action: "delete", source: "retry", ids: page.jobs.map((j) => j.id) }),
    );
    expect(result.done).toBe(3);
    expect((await listJobs(t.context, listJobsInput.parse({ source: "retry", q: "inbox/1" }))).matches).toBe(0);
  });
});

describe("processes", () => {
  it("quiets a live process (TSTP on its signal list), records it, and refuses one that is gone", async () => {
    const { identity } = await writer().writeProcess({ hostname: "w1", pid: 9, startedAt: NOW - 3_600_000, beat: NOW });
    const done = await runProcessSignal(t.context, actor, { identity, action: "quiet" });
    expect(done.message).toMatch(/will stop taking new jobs/);
    expect(await t.redis.lrange(`${identity}-signals`, 0, -1)).toEqual(["TSTP"]);
    const gone = runProcessSignal(t.context, actor, { identity: "w2:1:0123456789ab", action: "stop" });
    await expect(gone).rejects.toMatchObject({ code: "conflict" });
    await expect(gone).rejects.toThrow(/no longer running.*Nothing was sent/);
    expect((await audit()).map((r) => [r.action, r.target, r.outcome])).toEqual([
      ["sidekiq.quiet_process", identity, "ok"],
      ["sidekiq.stop_process", "w2:1:0123456789ab", "refused"],
    ]);
  });
});

describe("Sidekiq's daily history", () => {
  it("starts at the first day Sidekiq kept, and goes back years", async () => {
    const day = (ago: number) => new Date(NOW - ago * 86_400_000).toISOString().slice(0, 10);
    await writer().setStats({ days: { [day(700)]: { processed: 10, failed: 1 }, [day(0)]: { processed: 4 } } });
    const fiveYears = await readDailyHistory(t.context, "5y");
    expect(fiveYears.since).toBe(day(700));
    expect(fiveYears.days).toHaveLength(701);
    expect(fiveYears.days[0]).toEqual({ day: day(700), processed: 10, failed: 1 });
    expect(fiveYears.days.at(-1)).toEqual({ day: day(0), processed: 4, failed: 0 });
    const month = await readDailyHistory(t.context, "30d");
    expect(month.days).toHaveLength(1);
  });
});
