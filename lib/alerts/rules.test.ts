import type pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { SidekiqWriter, sidekiqFormatForMastodon } from "@/dev/fixtures/sidekiq";
import { addReportCase } from "@/dev/testing/report-fixtures";
import { createTestInstance, type TestInstance } from "@/dev/testing/test-instance";
import { testPool } from "@/dev/testing/test-pool";
import { DEFAULT_ALERT_SETTINGS } from "@/lib/queues/alert-settings";
import { evaluateAlerts } from "@/lib/queues/alerts";
import { buildForecast } from "@/lib/storage/forecast";
import { addDays } from "@/lib/storage/forecast-math";
import { replacePendingChanges } from "@/lib/store/blocklist-subscriptions";
import type { Store } from "@/lib/store/connection";
import { currentConditions } from "./conditions";
import { alertRules, setAlertRules } from "./rule-actions";
import { DEFAULT_RULE_SETTINGS, ruleSettingsInput, type AlertRuleSettings } from "./rule-settings";
import { evaluateRules, secondsUntilFull } from "./rules";

/**
 * The alert rules beyond the queue alerts, read from a generated Mastodon
 * instance (its database and Sidekiq's Redis) and Howdah's store: queue size,
 * process count, ingress delay, pending blocklist changes, the oldest
 * unassigned report, the disk fill forecast, and critical levels set apart
 * from warning.
 */
const STAFF = { accountId: "1", acct: "admin" };
let instance: TestInstance;
let store: Store;
let db: pg.Pool;
let writer: SidekiqWriter;

beforeAll(async () => {
  instance = await createTestInstance("alert_rules", "4.6");
  store = await instance.context.store();
  db = testPool(instance.connectionString);
  writer = new SidekiqWriter(instance.redis, { format: sidekiqFormatForMastodon("4.6"), seed: 5 });
});
afterAll(async () => {
  await db?.end();
  await instance?.close();
});
beforeEach(async () => {
  await instance.redis.flushdb();
  await setAlertRules(instance.context, DEFAULT_RULE_SETTINGS, STAFF); // drops the cached settings
  await store.pool.query("TRUNCATE howdah.alert_rule_settings, howdah.blocklist_changes, howdah.audit_log");
  // The generated instance's open reports: taken by a moderator, so each test sets the oldest unassigned one.
  const mod = instance.generated.signIns.find((s) => s.key === "admin")!.accountId;
  await db.query("UPDATE reports SET assigned_account_id = $1 WHERE action_taken_at IS NULL", [mod]);
});

const rules = (changes: Partial<Record<keyof AlertRuleSettings, unknown>>) =>
  ruleSettingsInput.parse({ ...DEFAULT_RULE_SETTINGS, ...changes });
const fired = async () => (await currentConditions(instance.context, store)).map((c) => `${c.id}=${c.severity}`).sort();
const job = (createdAt: number) => ({
  class: "ActivityPub::ProcessingWorker",
  args: [1, "{}", null, "Account"],
  createdAt,
});

describe("rules read from Sidekiq's Redis", () => {
  it("fires queue size per queue at warning and critical, with per-queue levels", async () => {
    const now = Date.now();
    await writer.writeProcess({ hostname: "s", pid: 1, startedAt: now, beat: now });
    await writer.enqueue(
      "pull",
      Array.from({ length: 4 }, () => job(now)),
    );
    await writer.enqueue(
      "default",
      Array.from({ length: 6 }, () => job(now)),
    );
    await setAlertRules(
      instance.context,
      rules({ queueSize: { warning: 3, critical: 5, perQueue: { pull: { warning: 10, critical: null } } } }),
      STAFF,
    );
    expect((await fired()).filter((c) => c.startsWith("queue-size"))).toEqual(["queue-size:default=critical"]);
    await writer.enqueue(
      "pull",
      Array.from({ length: 6 }, () => job(now)),
    );
    expect((await fired()).filter((c) => c.startsWith("queue-size"))).toEqual([
      "queue-size:default=critical",
      "queue-size:pull=warning",
    ]);
  });

  it("fires when fewer Sidekiq processes run than the levels say", async () => {
    const now = Date.now();
    await writer.writeProcess({ hostname: "a", pid: 1, startedAt: now, beat: now });
    await writer.writeProcess({ hostname: "b", pid: 2, startedAt: now, beat: now });
    expect(await fired()).toEqual([]); // off by default
    await setAlertRules(instance.context, rules({ processesBelow: { warning: 3, critical: 2 } }), STAFF);
    const conditions = await currentConditions(instance.context, store);
    expect(conditions.map((c) => `${c.id}=${c.severity}`)).toEqual(["process-count=warning"]);
    expect(conditions[0]!.message).toBe("Only 2 Sidekiq processes are running; warning below 3.");
    await setAlertRules(instance.context, rules({ processesBelow: { warning: 4, critical: 3 } }), STAFF);
    expect(await fired()).toEqual(["process-count=critical"]);
  });

  it("fires ingress delay as its own rule, from the oldest job in ingress", async () => {
    const now = Date.now();
    await writer.writeProcess({ hostname: "s", pid: 1, startedAt: now, beat: now });
    await writer.enqueue("ingress", [job(now - 20 * 60_000)]);
    await setAlertRules(instance.context, rules({ ingressDelay: { warning: "10m", critical: "1h" } }), STAFF);
    const conditions = await currentConditions(instance.context, store);
    const ingress = conditions.find((c) => c.id === "ingress-delay")!;
    expect(ingress.severity).toBe("warning");
    expect(ingress.message).toMatch(/^Posts and activity from other servers reach this server 20 min late/);
    // The queue's own latency alert (5 min by default) fires beside it, critical at 4 × 5 min.
    expect(conditions.find((c) => c.id === "latency:ingress")!.severity).toBe("critical");
  });

  it("sets the latency and growth critical levels apart from warning", async () => {
    const now = Date.now();
    await writer.writeProcess({ hostname: "s", pid: 1, startedAt: now, beat: now });
    await writer.enqueue("push", [job(now - 12 * 60_000)]); // push warns at 5 min; 4 × would be 20 min
    expect(await fired()).toEqual(["latency:push=warning"]);
    await setAlertRules(
      instance.context,
      rules({ critical: { latency: { push: "10m" }, retryGrowth: null, deadGrowth: 150 } }),
      STAFF,
    );
    expect(await fired()).toEqual(["latency:push=critical"]);
    const figures = { queues: [], enqueued: 0, retries: 1_000, dead: 200, processes: 1 };
    const growth = (critical: AlertRuleSettings["critical"]) =>
      evaluateAlerts(figures, DEFAULT_ALERT_SETTINGS, { retries: 0, dead: 0 }, critical).map(
        (a) => `${a.kind}=${a.severity}`,
      );
    expect(growth({ latency: {}, retryGrowth: null, deadGrowth: null })).toEqual([
      "retry_growth=warning",
      "dead_growth=warning",
    ]);
    expect(growth({ latency: {}, retryGrowth: 900, deadGrowth: 150 })).toEqual([
      "retry_growth=critical",
      "dead_growth=critical",
    ]);
  });
});

describe("rules read from Howdah's store and Mastodon's database", () => {
  it("fires while blocklist subscription changes wait for a decision", async () => {
    const change = (domain: string) => ({
      domain,
      kind: "addition" as const,
      fields: { severity: "suspend" },
      current: null,
      sourceIds: [],
      severs: 0,
      note: null,
    });
    expect(await fired()).toEqual([]);
    await replacePendingChanges(store, [change("a.example"), change("b.example")]);
    await setAlertRules(instance.context, rules({ blocklistPending: { warning: 1, critical: 2 } }), STAFF);
    const conditions = await currentConditions(instance.context, store);
    expect(conditions.map((c) => `${c.id}=${c.severity}`)).toEqual(["blocklist-pending=critical"]);
    expect(conditions[0]!.title).toBe("2 blocklist changes waiting");
  });

  it("fires on the oldest open report nobody has taken", async () => {
    const reporterId = instance.generated.signIns.find((x) => x.key === "user")!.accountId;
    const report = await addReportCase(db, { local: true, reporterId });
    await db.query("UPDATE reports SET created_at = (now() AT TIME ZONE 'UTC') - interval '30 hours' WHERE id = $1", [
      report.reportIds[0],
    ]);
    const conditions = await currentConditions(instance.context, store);
    expect(conditions.map((c) => `${c.id}=${c.severity}`)).toEqual(["report-unassigned=warning"]);
    expect(conditions[0]!.title).toBe("A report has waited 30 h for a moderator");
    await db.query("UPDATE reports SET created_at = (now() AT TIME ZONE 'UTC') - interval '4 days' WHERE id = $1", [
      report.reportIds[0],
    ]);
    expect(await fired()).toEqual(["report-unassigned=critical"]);
    await db.query("UPDATE reports SET action_taken_at = (now() AT TIME ZONE 'UTC') WHERE id = $1", [
      report.reportIds[0],
    ]);
    expect(await fired()).toEqual([]);
  });
});

describe("the disk fill forecast rule", () => {
  it("fires on the storage forecast's earliest full date: warning within 30 days, critical within 7", () => {
    const today = "2026-08-06";
    const GiB = 2 ** 30;
    const now = new Date(`${today}T00:00:00Z`);
    const held = (perDay: number) =>
      Array.from({ length: 40 }, (_, i) => ({ day: addDays(today, i - 39), bytes: 60 * GiB + perDay * i }));
    const forecast = (capacityGiB: number, perDay: number) => {
      const series = held(perDay);
      return buildForecast({
        today,
        usedBytes: series.at(-1)!.bytes,
        capacityBytes: capacityGiB * GiB,
        includesDatabase: false,
        counting: false,
        held: series,
        steadyAdded: [],
        cacheAdded: [],
        retentionDays: 30,
      });
    };
    const disk = (capacityGiB: number, perDay: number) =>
      evaluateRules(
        {
          sidekiq: null,
          diskFullInSeconds: secondsUntilFull(forecast(capacityGiB, perDay), now),
          blocklistPending: null,
          unassignedReportAge: null,
        },
        DEFAULT_RULE_SETTINGS,
      ).map((c) => c.severity);
    // 99 GiB used, growing 1 GiB a day.
    expect(disk(300, GiB)).toEqual([]); // about 200 days
    expect(disk(120, GiB)).toEqual(["warning"]); // about 3 weeks
    expect(disk(103, GiB)).toEqual(["critical"]); // about 4 days
    expect(disk(90, GiB)).toEqual(["critical"]); // full already
    expect(secondsUntilFull(forecast(90, GiB), now)).toBe(0);
  });
});

describe("saving the rules", () => {
  it("reads times as people type them, refuses bad levels with a sentence, and audits a real change once", async () => {
    const parsed = rules({ unassignedReportAge: { warning: "12h", critical: "2d" } });
    expect(parsed.unassignedReportAge).toEqual({ warning: 43_200, critical: 172_800 });
    expect(
      ruleSettingsInput.safeParse({ ...DEFAULT_RULE_SETTINGS, diskFullWithin: { warning: "soon", critical: null } })
        .error!.issues[0]!.message,
    ).toBe('"soon" is not a time between 1s and 365d (write it like 90s, 5m, 2h or 30d).');
    expect(
      ruleSettingsInput.safeParse({ ...DEFAULT_RULE_SETTINGS, blocklistPending: { warning: 10, critical: 5 } }).error!
        .issues[0]!.message,
    ).toBe("the critical level must be at or above the warning level.");
    expect(
      ruleSettingsInput.safeParse({ ...DEFAULT_RULE_SETTINGS, diskFullWithin: { warning: "7d", critical: "30d" } })
        .success,
    ).toBe(false);

    expect((await setAlertRules(instance.context, parsed, STAFF)).changed).toBe(true);
    expect((await setAlertRules(instance.context, parsed, STAFF)).changed).toBe(false);
    expect((await alertRules(instance.context)).settings.unassignedReportAge.warning).toBe(43_200);
    const { rows } = await store.pool.query("SELECT action FROM howdah.audit_log WHERE action = 'alerts.rules.update'");
    expect(rows).toHaveLength(1);
  });
});
