import type pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestInstance, FIXTURE_VERSIONS, type TestInstance } from "@/dev/testing/test-instance";
import { testPool } from "@/dev/testing/test-pool";
import { collectAll } from "@/lib/metrics/collectors";
import { listAuditPage } from "@/lib/store/audit";
import { writeSnapshot as writeStoreSnapshot } from "@/lib/store/storage-snapshots";
import { readRetentionSettings, saveRetentionInput, saveRetentionSettings } from "./settings";
import { getStorageTile } from "@/lib/storage/tile";
import { readOverdueWarning } from "./overdue";
import { readVacuumStatus, runVacuumInput, runVacuumNow } from "./vacuum";
import { compareWhatIf, whatIfInput } from "./what-if";

/**
 * The retention feature on generated 4.3 and 4.6 instances: bad input is
 * refused with a sentence and changes nothing (rows and cache), a save is
 * audited with the old and new value, the metrics follow the rows and the
 * scheduler's hash, the "nothing happens" warning appears exactly when the
 * vacuum's predicate selects rows past the period plus two days, and "run
 * now" needs its confirmation.
 */
describe.each(FIXTURE_VERSIONS)("retention on Mastodon %s", (version) => {
  let t: TestInstance;
  let db: pg.Pool;
  const actor = { staff: { accountId: "1", acct: "admin" }, ip: "192.0.2.9" };
  const settingsRows = async () => (await db.query("SELECT * FROM settings ORDER BY id")).rows;

  beforeAll(async () => {
    t = await createTestInstance("retention_feature", version);
    db = testPool(t.connectionString);
  }, 600_000);
  afterAll(async () => {
    await db?.end();
    await t?.close();
  });
  beforeEach(async () => {
    await t.redis.flushdb();
  });

  const bad = [
    ["text", "thirty", /not a whole number of days/],
    ["a negative number", "-5", /positive number of days/],
    ["a leading zero", "010", /octal/],
    ["an absurdly large number", "99999999999999999999", /more than 100 years/],
    ["zero", "0", /choose “disabled”/],
    ["nothing", "  ", /Enter a number of days/],
  ] as const;
  it.each(bad)("refuses %s with a clear message, and the parse never reaches the database", (_, days, message) => {
    const parsed = saveRetentionInput.safeParse({
      changes: [{ var: "media_cache_retention_period", expectedRaw: "--- 30\n", choice: "days", days }],
    });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toMatch(message);
  });

  it("refuses a stale value, changes no row and no cache key, and records the refusal", async () => {
    const rows = await settingsRows();
    await t.redis.set("cache:rails_settings_cached/abc/media_cache_retention_period", "--- 30");
    const input = saveRetentionInput.parse({
      changes: [{ var: "media_cache_retention_period", expectedRaw: "--- 45\n", choice: "days", days: "60" }],
    });
    await expect(saveRetentionSettings(t.context, actor, input)).rejects.toThrow(/changed by someone else/);
    expect(await settingsRows()).toEqual(rows);
    expect(await t.redis.exists("cache:rails_settings_cached/abc/media_cache_retention_period")).toBe(1);
    const audit = (await listAuditPage(await t.context.store(), { limit: 1 })).rows[0]!;
    expect(audit).toMatchObject({ action: "retention.update_settings", outcome: "refused" });
  });

  it("saves, warns below 14 days, and audits the old and new value", async () => {
    await t.redis.set("cache:rails_settings_cached/abc/media_cache_retention_period", "--- 30");
    const input = saveRetentionInput.parse({
      changes: [{ var: "media_cache_retention_period", expectedRaw: "--- 30\n", choice: "days", days: "7" }],
    });
    const result = await saveRetentionSettings(t.context, actor, input);
    expect(result.warnings.join(" ")).toMatch(/Below 14 days/);
    expect(await t.redis.exists("cache:rails_settings_cached/abc/media_cache_retention_period")).toBe(0);
    const audit = (await listAuditPage(await t.context.store(), { limit: 1 })).rows[0]!;
    expect(audit).toMatchObject({ action: "retention.update_settings", outcome: "ok", actorAcct: "admin" });
    expect(audit.details).toMatchObject({
      changes: [
        {
          var: "media_cache_retention_period",
          old: { raw: "--- 30\n", effectiveDays: 30 },
          new: { raw: "--- 7\n", effectiveDays: 7 },
        },
      ],
    });
    const views = await readRetentionSettings(t.context);
    expect(views.find((v) => v.var === "backups_retention_period")).toMatchObject({
      choice: "default",
      effectiveDays: 7,
    });
  });

  it("exports the retention days and the last enqueue on /metrics", async () => {
    await t.redis.hset("sidekiq-scheduler:last_times", "vacuum_scheduler", "2026-12-02 03:17:00 +0000");
    const families = await collectAll(t.context);
    const days = families.find((f) => f.name === "mastodon_retention_days")!;
    const direct = (
      await db.query("SELECT value FROM settings WHERE var = 'media_cache_retention_period' ORDER BY id LIMIT 1")
    ).rows[0].value as string;
    expect(days.samples).toEqual([
      { labels: { setting: "media_cache_retention_period" }, value: Number(direct.slice(4)) },
      { labels: { setting: "content_cache_retention_period" }, value: 0 },
      { labels: { setting: "backups_retention_period" }, value: 7 },
    ]);
    const last = families.find((f) => f.name === "mastodon_vacuum_last_enqueued_timestamp_seconds")!;
    expect(last.samples).toEqual([{ labels: {}, value: Date.UTC(2026, 11, 2, 3, 17) / 1000 }]);
  });

  it("warns that retention is set but nothing happens only when rows are past the period plus two days", async () => {
    const input = (days: string, raw: string) =>
      saveRetentionInput.parse({
        changes: [{ var: "media_cache_retention_period", expectedRaw: raw, choice: "days", days }],
      });
    const current = (await readRetentionSettings(t.context)).find((s) => s.var === "media_cache_retention_period")!;
    await saveRetentionSettings(t.context, actor, input("36500", current.raw!));
    expect((await readVacuumStatus(t.context)).warning).toBeNull();

    await saveRetentionSettings(t.context, actor, input("3", "--- 36500\n"));
    const dead =
      '{"retry":0,"queue":"scheduler","lock":"until_executed","lock_ttl":86400,' +
      '"class":"Scheduler::VacuumScheduler","args":[],"jid":"bbbbbbbbbbbbbbbbbbbbbbbb",' +
      '"lock_digest":"uniquejobs:feedface","error_class":"PG::QueryCanceled","error_message":"timeout",' +
      '"failed_at":1796181420.5}';
    await t.redis.zadd("dead", 1796181421, dead);
    await t.redis.hset("uniquejobs:feedface:LOCKED", "bbbbbbbbbbbbbbbbbbbbbbbb", "1796181420.5");
    const status = await readVacuumStatus(t.context);
    expect(status.overdue.media?.periodDays).toBe(3);
    expect(status.warning?.message).toMatch(/Retention is set, but cached remote media/);
    expect(status.warning?.causes.join(" ")).toMatch(/no record of enqueueing it/);
    expect(status.warning?.causes.join(" ")).toMatch(/Recent runs failed/);
    expect(status.warning?.causes.join(" ")).toMatch(/unique lock is held/);
    expect(status.jobs).toEqual([
      { where: "dead", jid: "bbbbbbbbbbbbbbbbbbbbbbbb", at: 1796181420500, error: "PG::QueryCanceled: timeout" },
    ]);
    expect(status.lock).toBe("held");
  });

  it("points at it from the overview's Storage tile, and says nothing while the cleanup keeps up", async () => {
    const change = (days: string, raw: string | null) =>
      saveRetentionSettings(
        t.context,
        actor,
        saveRetentionInput.parse({
          changes: [{ var: "media_cache_retention_period", expectedRaw: raw, choice: "days", days }],
        }),
      );
    const current = (await readRetentionSettings(t.context)).find((s) => s.var === "media_cache_retention_period")!;
    await change("36500", current.raw);
    expect(await readOverdueWarning(t.context)).toBeNull();
    expect((await getStorageTile(t.context)).retentionWarning).toBeNull();
    // A save forgets the cached answer at once: the tile follows the new period.
    await change("3", "--- 36500\n");
    const warning = await readOverdueWarning(t.context);
    expect(warning?.message).toMatch(/^Retention is set, but cached remote media from \d{4}-\d{2}-\d{2}/);
    expect(warning?.publicMessage).toMatch(/nightly cleanup .* is behind/);
    expect((await getStorageTile(t.context)).retentionWarning).toBe(warning?.message);
  });

  it("lists what the daily reconcile saw cleared per day, from Howdah's storage snapshots", async () => {
    const store = await t.context.store();
    const day = new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10);
    await writeStoreSnapshot(store, { day, now: new Date(), freedBytes: 123_456, complete: true });
    const status = await readVacuumStatus(t.context);
    expect(status.clearedPerDay).toContainEqual({ day, bytes: 123_456 });
  });

  it("compares the what-if at proposed values with the current ones, and refuses a bad proposal", async () => {
    expect(
      whatIfInput.safeParse({
        media_cache_retention_period: "010",
        content_cache_retention_period: "disabled",
        backups_retention_period: "default",
      }).error?.issues[0]?.message,
    ).toMatch(/octal/);
    const input = whatIfInput.parse({
      media_cache_retention_period: "default",
      content_cache_retention_period: "3",
      backups_retention_period: "disabled",
    });
    const result = await compareWhatIf(t.context, input);
    expect(result.proposedDays).toEqual({
      media_cache_retention_period: null,
      content_cache_retention_period: 3,
      backups_retention_period: null,
    });
    expect(result.currentDays.backups_retention_period).toBe(7);
    expect(result.proposed.media).toBeNull();
    expect(result.proposed.statuses!.total).toBeGreaterThan(0);
    expect(result.current.statuses).toBeNull();
    expect(result.current.archives).not.toBeNull();
  });

  it("runs the cleanup only when confirmed, and audits it", async () => {
    expect(runVacuumInput.safeParse({}).success).toBe(false);
    expect(runVacuumInput.safeParse({ confirm: "yes" }).success).toBe(false);
    expect(await t.redis.llen("queue:scheduler")).toBe(0);
    const result = await runVacuumNow(t.context, actor, runVacuumInput.parse({ confirm: true }));
    const [stored] = await t.redis.lrange("queue:scheduler", 0, -1);
    expect(stored).toContain(`"class":"Scheduler::VacuumScheduler","args":[],"jid":"${result.jid}"`);
    const status = await readVacuumStatus(t.context);
    expect(status.queued).toBe(1);
    const audit = (await listAuditPage(await t.context.store(), { limit: 1 })).rows[0]!;
    expect(audit).toMatchObject({ action: "retention.run_vacuum", details: { jid: result.jid } });
  });
});
