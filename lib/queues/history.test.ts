// The 10-second sampler, downsampling (10 s → 1 min → 10 min), retention,
// and history reads with gaps where the worker was down.
import { beforeEach, describe, expect, it } from "vitest";
import { SidekiqWriter } from "@/dev/fixtures/sidekiq";
import { sidekiqKeys } from "@/lib/mastodon/sidekiq/keys";
import { readSidekiqSnapshot } from "@/lib/mastodon/sidekiq/snapshot";
import { readHistory, rollupHistory } from "./history";
import { writeSample } from "./samples";
import { sampleSidekiq } from "./sampler";
import { clearQueueTables, useQueuesTestContext } from "@/dev/testing/queues-test-context";

const t = useQueuesTestContext("history", "4.6");
const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);

beforeEach(async () => {
  await clearQueueTables(t.db);
});

async function sampleAt(at: number, processed: number, failed: number) {
  const writer = new SidekiqWriter(t.redis, { format: "8.1", seed: 1 });
  await writer.setStats({ processed, failed });
  const snapshot = await readSidekiqSnapshot(t.redis, { keys: sidekiqKeys(""), format: "8.1", now: () => at });
  await writeSample(await t.context.store(), snapshot);
}

describe("the sampler", () => {
  it("stores one sample per tick with the queues, and deltas against the previous sample", async () => {
    const writer = new SidekiqWriter(t.redis, { format: "8.1", seed: 1 });
    await writer.enqueue("push", [
      {
        class: "ActivityPub::DeliveryWorker",
        args: ["{}", 1, "https://a.example/inbox", {}],
        createdAt: Date.now() - 30_000,
      },
    ]);
    await writer.setStats({ processed: 100, failed: 1 });
    await sampleSidekiq(t.context);
    await writer.setStats({ processed: 160, failed: 4 });
    await new Promise((r) => setTimeout(r, 20));
    await sampleSidekiq(t.context);
    const { rows } = await t.db.query(
      "SELECT processed_delta, failed_delta, delta_seconds, enqueued FROM howdah.sidekiq_samples ORDER BY taken_at",
    );
    expect(
      rows.map((r) => [
        r.processed_delta === null ? null : Number(r.processed_delta),
        r.failed_delta === null ? null : Number(r.failed_delta),
        Number(r.enqueued),
      ]),
    ).toEqual([
      [null, null, 1],
      [60, 3, 1],
    ]);
    expect(rows[1].delta_seconds).toBeGreaterThan(0);
    const queues = await t.db.query(
      "SELECT queue, size, latency_seconds FROM howdah.sidekiq_queue_samples ORDER BY taken_at",
    );
    expect(queues.rows).toHaveLength(2);
    expect(queues.rows[0]).toMatchObject({ queue: "push", size: "1" });
    expect(queues.rows[0].latency_seconds).toBeGreaterThan(29);
  });

  it("leaves a gap only for the time the worker was down, with no spike after it", async () => {
    const start = NOW - 50 * 60_000;
    let processed = 0;
    for (let i = 0; i < 30; i++) await sampleAt(start + i * 10_000, (processed += 60), 0);
    // Down for five minutes: Sidekiq keeps working (3,000 more jobs), Howdah samples nothing.
    processed += 3_000;
    const back = start + 29 * 10_000 + 300_000;
    for (let i = 0; i < 30; i++) await sampleAt(back + i * 10_000, (processed += 60), 0);

    const history = await readHistory(await t.context.store(), "1h", NOW);
    expect(history.binSeconds).toBe(10);
    const gaps = history.points.filter((p) => p.enqueued === null);
    expect(gaps).toHaveLength(1);
    expect(gaps[0]!.t).toBe(start + 30 * 10_000);
    const rates = history.points.map((p) => p.processedPerMinute).filter((v) => v !== null);
    // 60 jobs per 10 s everywhere, and no 3,000-job spike after the restart (that sample has no baseline).
    expect(new Set(rates)).toEqual(new Set([360]));
    expect(rates).toHaveLength(58);
    const afterGap = history.points[history.points.indexOf(gaps[0]!) + 1]!;
    expect(afterGap.t).toBe(back);
    expect(afterGap.processedPerMinute).toBeNull();
    expect(afterGap.enqueued).toBe(0);
  });
});

describe("downsampling and retention", () => {
  /**
   * 26 hours of raw 10-s samples: enqueued = minute of the hour, 10 processed
   * per sample, push latency = second of the minute.
   */
  async function seedRaw() {
    await t.db.query(
      `WITH ts AS (SELECT generate_series($1::timestamptz - interval '26 hours',
                                          $1::timestamptz - interval '10 seconds', interval '10 seconds') AS at)
       INSERT INTO howdah.sidekiq_samples (bucket_seconds, taken_at, enqueued, scheduled, retries, dead,
                                           processes, busy, concurrency,
                                           processed_total, failed_total, processed_delta, failed_delta, delta_seconds)
       SELECT 10, at, extract(minute FROM at), 5, 7, 9, 2, 3, 10, 1000, 10, 10, 1, 10 FROM ts`,
      [new Date(NOW)],
    );
    await t.db.query(
      `WITH ts AS (SELECT generate_series($1::timestamptz - interval '26 hours',
                                          $1::timestamptz - interval '10 seconds', interval '10 seconds') AS at)
       INSERT INTO howdah.sidekiq_queue_samples (bucket_seconds, taken_at, queue, size, size_max,
                                                 latency_seconds, latency_max)
       SELECT 10, at, 'push', 100, 100, extract(second FROM at), extract(second FROM at) FROM ts`,
      [new Date(NOW)],
    );
  }
  const count = async (bucket: number) =>
    Number(
      (await t.db.query("SELECT count(*) FROM howdah.sidekiq_samples WHERE bucket_seconds = $1", [bucket])).rows[0]
        .count,
    );

  it("averages gauges, keeps maxima and sums deltas, once per closed bucket, idempotently", async () => {
    await seedRaw();
    const store = await t.context.store();
    await rollupHistory(store, NOW);
    await rollupHistory(store, NOW);
    expect(await count(60)).toBe(26 * 60);
    expect(await count(600)).toBe(26 * 6);
    // Raw samples are kept 25 hours.
    expect(await count(10)).toBe(25 * 360);
    const minute = await t.db.query(
      `SELECT s.samples, s.enqueued, s.processed_delta, s.delta_seconds, q.latency_seconds, q.latency_max
         FROM howdah.sidekiq_samples s
         JOIN howdah.sidekiq_queue_samples q ON q.bucket_seconds = 60 AND q.taken_at = s.taken_at
        WHERE s.bucket_seconds = 60 AND s.taken_at = $1`,
      [new Date(NOW - 60 * 60_000 + 7 * 60_000)],
    );
    expect(minute.rows[0]).toMatchObject({
      samples: 6,
      enqueued: "7",
      processed_delta: "60",
      delta_seconds: 60,
      latency_seconds: 25,
      latency_max: 50,
    });
    const tenMinutes = await t.db.query(
      "SELECT samples, processed_delta FROM howdah.sidekiq_samples WHERE bucket_seconds = 600 AND taken_at = $1",
      [new Date(NOW - 3_600_000)],
    );
    expect(tenMinutes.rows[0]).toMatchObject({ samples: 60, processed_delta: "600" });
  });

  it("drops 1-minute rows after 7 days (rolled up to 10 minutes first) and 10-minute rows after 90 days", async () => {
    const row = (bucket: number, agoMs: number) =>
      t.db.query(
        `INSERT INTO howdah.sidekiq_samples (bucket_seconds, taken_at, enqueued, scheduled, retries, dead, processes,
                                             busy, concurrency, processed_total, failed_total)
         VALUES ($1, $2, 0, 0, 0, 0, 0, 0, 0, 0, 0)`,
        [bucket, new Date(NOW - agoMs)],
      );
    const day = 86_400_000;
    await row(60, 6 * day);
    await row(60, 8 * day);
    await row(600, 89 * day);
    await row(600, 92 * day);
    await rollupHistory(await t.context.store(), NOW);
    const { rows } = await t.db.query(
      "SELECT bucket_seconds, round(extract(epoch FROM $1::timestamptz - taken_at) / 86400) AS days " +
        "FROM howdah.sidekiq_samples ORDER BY 1, 2",
      [new Date(NOW)],
    );
    expect(rows.map((r) => [r.bucket_seconds, Number(r.days)])).toEqual([
      [60, 6],
      [600, 6],
      [600, 8],
      [600, 89],
    ]);
  });

  it("reads each range from the resolution that covers it, binned to a few hundred points", async () => {
    await seedRaw();
    const store = await t.context.store();
    await rollupHistory(store, NOW);
    const day = await readHistory(store, "24h", NOW);
    expect(day.binSeconds).toBe(240);
    expect(day.points.length).toBeGreaterThanOrEqual(360);
    expect(day.points.length).toBeLessThanOrEqual(361);
    expect(day.points.every((p) => p.processedPerMinute === 60)).toBe(true);
    const week = await readHistory(store, "7d", NOW);
    expect(week.binSeconds).toBe(1800);
    expect(week.points).toHaveLength(26 * 2); // 26 hours of 1-minute rows in 30-minute bins
    expect(week.points[0]!.latencyMax.push).toBe(50);
    expect(week.queues).toEqual(["push"]);
    for (const range of ["30d", "90d"] as const) {
      const long = await readHistory(store, range, NOW);
      expect(long.points.length).toBeGreaterThan(0);
      expect(long.points.every((p) => p.retries === 7 && p.processedPerMinute === 60)).toBe(true);
    }
  });
});
