// Backlog alerts: thresholds (defaults and admin changes), growth of the
// retry and dead sets, no processes, Sidekiq unreachable; from the worker's
// samples, or from one live reading when there is no recent sample.
import { beforeEach, describe, expect, it } from "vitest";
import { loadConfig } from "@/lib/config/load-config";
import { SidekiqWriter } from "@/dev/fixtures/sidekiq";
import { sidekiqKeys } from "@/lib/mastodon/sidekiq/keys";
import { readSidekiqSnapshot } from "@/lib/mastodon/sidekiq/snapshot";
import { QUEUES_TEST_REDIS_DB } from "@/dev/testing/queues-test-redis";
import { createServerContext } from "@/lib/server/context";
import { testEnv } from "@/dev/testing/test-env";
import {
  alertSettingsInput,
  DEFAULT_ALERT_SETTINGS as defaults,
  DEFAULT_GROWTH,
  getAlertSettings,
  updateAlertSettings,
} from "./alert-settings";
import { evaluateAlerts, listActiveAlerts } from "./alerts";
import { saveAlertSettings } from "./alerts-view";
import { writeSample } from "./samples";
import { clearQueueTables, useQueuesTestContext } from "@/dev/testing/queues-test-context";

const t = useQueuesTestContext("alerts", "4.6");

beforeEach(async () => {
  await clearQueueTables(t.db);
  await updateAlertSettings(await t.context.store(), { thresholds: {} }, "test"); // drops the cached settings
});

describe("evaluateAlerts", () => {
  const figures = {
    enqueued: 10,
    retries: 0,
    dead: 0,
    processes: 1,
    queues: [] as { name: string; size: number; latency: number }[],
  };
  it("raises latency alerts per queue against Mastodon defaults, with the component each queue feeds", () => {
    const alerts = evaluateAlerts(
      {
        ...figures,
        queues: [
          { name: "push", size: 48_210, latency: 720 },
          { name: "ingress", size: 3, latency: 299 },
          { name: "mailers", size: 2, latency: 1_500 },
          { name: "default", size: 0, latency: 9_999 },
          { name: "custom", size: 1, latency: 601 },
        ],
      },
      defaults,
      { retries: null, dead: null },
    );
    // Critical first.
    expect(alerts.map((a) => [a.id, a.component, a.severity])).toEqual([
      ["latency:mailers", "email", "critical"],
      ["latency:push", "federation", "warning"],
      ["latency:custom", "background_jobs", "warning"],
    ]);
    expect(alerts[1]!.title).toBe("Outgoing federation 12 min behind");
    expect(alerts[1]!.message).toBe(
      "Posts sent to other servers are running 12 min behind: the oldest of 48,210 jobs in the push queue has " +
        "waited that long (alert above 5 min).",
    );
  });

  it("raises growth and no-process alerts", () => {
    const alerts = evaluateAlerts({ ...figures, processes: 0, retries: 1_600, dead: 150 }, defaults, {
      retries: 1_000,
      dead: 40,
    });
    expect(alerts.map((a) => [a.kind, a.severity, a.value])).toEqual([
      ["no_processes", "critical", 0],
      ["retry_growth", "warning", 600],
      ["dead_growth", "warning", 110],
    ]);
    expect(alerts[0]!.message).toBe(
      "No Sidekiq process is running: 10 jobs are waiting and nothing is working on them.",
    );
    expect(alerts[1]!.title).toBe("Retries piling up (+600 in 15 min)");
    expect(alerts[1]!.message).toBe(
      "Failing jobs are piling up: the retry set grew by 600 in the last 15 min (now 1,600).",
    );
    expect(evaluateAlerts({ ...figures, processes: 0, enqueued: 0 }, defaults, { retries: null, dead: null })).toEqual(
      [],
    );
  });
});

describe("listActiveAlerts", () => {
  const keys = sidekiqKeys("");
  async function sample(at: number) {
    const snapshot = await readSidekiqSnapshot(t.redis, { keys, format: "8.1", now: () => at });
    await writeSample(await t.context.store(), snapshot);
  }

  it("reads the worker's samples: latency since when, growth over the window, and admin thresholds", async () => {
    const now = Date.now();
    const w = new SidekiqWriter(t.redis, { format: "8.1", seed: 2 });
    await w.writeProcess({ hostname: "s", pid: 1, startedAt: now, beat: now });
    await w.enqueue("push", [
      {
        class: "ActivityPub::DeliveryWorker",
        args: ["{}", 1, "https://a.example/inbox", {}],
        createdAt: now - 345_000,
      },
    ]);
    await sample(now - 60_000); // 285 s: under push's 300 s
    await sample(now - 40_000); // 305 s: over
    await w.addRetries(
      Array.from({ length: 600 }, (_, i) => ({
        job: { class: "ThreadResolveWorker", args: [i, "u"], createdAt: now },
        failure: { errorClass: "E", errorMessage: "m", failedAt: now },
      })),
    );
    await sample(now - 1_000);

    const alerts = await listActiveAlerts(t.context);
    expect(alerts.map((a) => a.id)).toEqual(["latency:push", "retry-growth"]);
    expect(alerts[0]!.since).toBe(new Date(now - 40_000).toISOString());
    expect(alerts[1]!.value).toBe(600);

    await updateAlertSettings(
      await t.context.store(),
      { thresholds: { push: 3_600 }, growth: { ...DEFAULT_GROWTH, retryGrowth: 1_000 } },
      "owner",
    );
    expect(await listActiveAlerts(t.context)).toEqual([]);
    expect((await getAlertSettings(await t.context.store())).overrides).toEqual({ push: 3_600 });
    await updateAlertSettings(await t.context.store(), { thresholds: { push: null } }, "owner");
    expect((await getAlertSettings(await t.context.store())).overrides).toEqual({});
  });

  it("takes one live reading when the worker has not sampled lately", async () => {
    const w = new SidekiqWriter(t.redis, { format: "8.1", seed: 2 });
    await w.enqueue("ingress", [
      { class: "ActivityPub::ProcessingWorker", args: [1, "{}", null, "Account"], createdAt: Date.now() - 10_000 },
    ]);
    const alerts = await listActiveAlerts(t.context);
    expect(alerts.map((a) => a.kind)).toEqual(["no_processes"]);
  });

  it("says Sidekiq cannot be reached when its Redis is down and no sample is recent", async () => {
    const context = createServerContext(
      loadConfig(
        testEnv({
          connectionString: t.connectionString,
          redisDb: QUEUES_TEST_REDIS_DB,
          extra: { SIDEKIQ_REDIS_URL: "redis://127.0.0.1:1/0" },
        }),
      ),
    );
    try {
      expect(await listActiveAlerts(context)).toMatchObject([
        { kind: "sidekiq_unreachable", component: "background_jobs", severity: "critical" },
      ]);
    } finally {
      await context.close();
    }
  });
});

describe("saving alert settings", () => {
  const actor = { staff: { accountId: "42", acct: "owner" }, ip: "203.0.113.9" };
  const audited = async () =>
    (await t.db.query("SELECT action, details FROM howdah.audit_log WHERE action = 'queues.update_alert_thresholds'"))
      .rows;

  it("an empty update, or one that repeats what is in force, says nothing changed and is not audited", async () => {
    const empty = await saveAlertSettings(t.context, actor, alertSettingsInput.parse({}));
    expect(empty).toMatchObject({ changed: false, message: expect.stringMatching(/^Nothing changed/) });
    const same = await saveAlertSettings(
      t.context,
      actor,
      alertSettingsInput.parse({ thresholds: { push: 300, default: null }, growth: { ...DEFAULT_GROWTH } }),
    );
    expect(same.changed).toBe(false);
    expect(await audited()).toEqual([]);

    const real = await saveAlertSettings(
      t.context,
      actor,
      alertSettingsInput.parse({ thresholds: { push: 900, ingress: 300 }, growth: { ...DEFAULT_GROWTH } }),
    );
    expect(real).toMatchObject({ changed: true, settings: { overrides: { push: 900 } } });
    // Only what changed is recorded: ingress was already 300 and growth already the default.
    expect(await audited()).toEqual([
      { action: "queues.update_alert_thresholds", details: { thresholds: { push: 900 }, growth: null } },
    ]);
  });
});

describe("thresholds typed as durations", () => {
  it("reads 5m, 2h and plain seconds, and refuses what is not a duration with a sentence", () => {
    expect(alertSettingsInput.parse({ thresholds: { push: "2h", default: "90s", mailers: 600 } }).thresholds).toEqual({
      push: 7200,
      default: 90,
      mailers: 600,
    });
    const refused = alertSettingsInput.safeParse({ thresholds: { push: "5 minutes" } });
    expect(refused.error!.issues[0]!.message).toBe(
      '"5 minutes" is not a threshold: give one between 1s and 7d, written like 90s, 5m or 2h.',
    );
    expect(alertSettingsInput.safeParse({ thresholds: { push: "8d" } }).success).toBe(false);
  });
});
