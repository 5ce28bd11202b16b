import type pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestInstance, FIXTURE_VERSIONS, type TestInstance } from "@/dev/testing/test-instance";
import { testPool } from "@/dev/testing/test-pool";
import { parseSchedulerTime } from "./vacuum-schedule";

/**
 * The vacuum's traces read from Redis data written as sidekiq-scheduler
 * writes it (redis_manager.rb: HSET of the Time's to_s, ZADD of epoch
 * seconds; under 4.3's REDIS_NAMESPACE every key prefixed), the
 * sidekiq-unique-jobs lock found through a failed run's lock_digest, the
 * enqueue's exact bytes per Sidekiq version, and the overdue probe against
 * a direct count of the vacuum's predicate.
 */
describe.each(FIXTURE_VERSIONS)("the vacuum's traces on Mastodon %s", (version) => {
  let t: TestInstance;
  let db: pg.Pool;
  const ns = version === "4.3" ? "mstdn:" : "";

  beforeAll(async () => {
    t = await createTestInstance("retention_vacuum", version, version === "4.3" ? { REDIS_NAMESPACE: "mstdn" } : {});
    db = testPool(t.connectionString);
  }, 600_000);
  afterAll(async () => {
    await db?.end();
    await t?.close();
  });
  beforeEach(async () => {
    await t.redis.flushdb();
  });
  const area = () => t.context.mastodon.retention;

  it("reads last enqueued, next due, the 24-hour pushes and a disabled state", async () => {
    await t.redis.hset(`${ns}sidekiq-scheduler:last_times`, "vacuum_scheduler", "2026-12-02 03:17:00 +0000");
    await t.redis.hset(`${ns}sidekiq-scheduler:next_times`, "vacuum_scheduler", "2026-12-03 05:41:00 +0100");
    await t.redis.hset(`${ns}sidekiq-scheduler:last_times`, "other_scheduler", "2026-12-02 09:00:00 +0000");
    await t.redis.zadd(`${ns}sidekiq-scheduler:pushed:vacuum_scheduler`, 1796181420, "1796181420");
    await t.redis.hset(`${ns}sidekiq-scheduler:states`, "vacuum_scheduler", '{"enabled":false}');
    const schedule = await area().readVacuumSchedule();
    expect(schedule.lastEnqueuedAt).toBe(Date.UTC(2026, 11, 2, 3, 17));
    expect(schedule.nextDueAt).toBe(Date.UTC(2026, 11, 3, 4, 41));
    expect(schedule.pushedAt).toEqual([1796181420_000]);
    expect(schedule.enabled).toBe(false);
  });

  it("reports nothing when sidekiq-scheduler never wrote (or wrote under another namespace)", async () => {
    await t.redis.hset(`other:sidekiq-scheduler:last_times`, "vacuum_scheduler", "2026-12-02 03:17:00 +0000");
    expect(await area().readVacuumSchedule()).toEqual({
      lastEnqueuedAt: null,
      lastEnqueuedRaw: null,
      nextDueAt: null,
      nextDueRaw: null,
      pushedAt: [],
      enabled: null,
    });
  });

  it("enqueues Scheduler::VacuumScheduler on `scheduler` as sidekiq-scheduler pushes it", async () => {
    const job = await area().enqueueVacuum();
    expect(await t.redis.smembers(`${ns}queues`)).toEqual(["scheduler"]);
    const [stored] = await t.redis.lrange(`${ns}queue:scheduler`, 0, -1);
    expect(stored).toBe(job.payload);
    const time = version === "4.6" ? "\\d{13}" : "\\d{10}\\.\\d+";
    expect(stored).toMatch(
      new RegExp(
        '^\\{"retry":0,"queue":"scheduler","lock":"until_executed","lock_ttl":86400,' +
          `"class":"Scheduler::VacuumScheduler","args":\\[\\],"jid":"${job.jid}",` +
          `"created_at":${time},"enqueued_at":${time}\\}$`,
      ),
    );
  });

  it("finds the unique lock through a failed run's lock_digest", async () => {
    const digest = "uniquejobs:0f3a1c9e2b7d4e5f6a7b8c9d0e1f2a3b";
    const dead =
      `{"retry":0,"queue":"scheduler","lock":"until_executed","class":"Scheduler::VacuumScheduler",` +
      `"args":[],"jid":"aaaaaaaaaaaaaaaaaaaaaaaa","lock_digest":"${digest}","error_class":"Redis::TimeoutError"}`;
    expect(area().lockDigestOf(dead)).toBe(digest);
    expect(await area().lockedDigests([digest])).toEqual([]);
    await t.redis.hset(`${ns}${digest}:LOCKED`, "aaaaaaaaaaaaaaaaaaaaaaaa", "1796181420.1");
    expect(await area().lockedDigests([digest, digest])).toEqual([digest]);
  });

  it("finds the oldest overdue cached media and remote status by the vacuum's own predicate", async () => {
    const now = Date.now();
    const direct = await db.query<{ id: string | null }>(
      `SELECT min(id)::text AS id FROM media_attachments WHERE remote_url <> '' AND file_file_name IS NOT NULL
         AND created_at < (now() AT TIME ZONE 'UTC') - interval '12 days'
         AND updated_at < (now() AT TIME ZONE 'UTC') - interval '12 days'`,
    );
    const directStatus = await db.query<{ id: string | null }>(
      `SELECT min(s.id)::text AS id FROM statuses s JOIN accounts a ON a.id = s.account_id
        WHERE a.domain IS NOT NULL AND s.deleted_at IS NULL
          AND s.id < ((extract(epoch FROM now() - interval '12 days') * 1000)::bigint << 16)`,
    );
    expect(direct.rows[0]!.id).not.toBeNull();
    expect(directStatus.rows[0]!.id).not.toBeNull();
    const overdue = await area().readOverdueCache({ mediaDays: 10, contentDays: 10 }, 2, now);
    expect(overdue.media?.id).toBe(direct.rows[0]!.id);
    expect(overdue.status?.id).toBe(directStatus.rows[0]!.id);
    const none = await area().readOverdueCache({ mediaDays: 100_000, contentDays: null }, 2, now);
    expect(none).toEqual({ media: null, status: null });
  });
});

describe("parseSchedulerTime", () => {
  it.each([
    ["2026-12-02 03:17:00 +0000", Date.UTC(2026, 11, 2, 3, 17)],
    ["2026-12-02 03:17:00 UTC", Date.UTC(2026, 11, 2, 3, 17)],
    ["2026-12-02 04:17:00 +0100", Date.UTC(2026, 11, 2, 3, 17)],
    ["2026-12-02T03:17:00Z", Date.UTC(2026, 11, 2, 3, 17)],
    ["1796181420.5", 1796181420_500],
    ["yesterday", null],
  ])("%s", (raw, expected) => expect(parseSchedulerTime(raw)).toBe(expected));
});
