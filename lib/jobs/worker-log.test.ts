import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestInstance, type TestInstance } from "@/dev/testing/test-instance";
import { rollupRelayTraffic } from "@/lib/relays/rollup";
import { PROGRESS_EVERY_MS, startJobLog, type JobLogLine } from "./job-log";
import { startWorker } from "./worker";

/**
 * The worker's log is one JSON object per line: a `start` and a `done` (or
 * `failed`) for every run, with the job's name, its duration and the counts
 * its result carries, and `progress` lines from long runs. Checked on the
 * real worker (BullMQ on Redis, the jobs on a Mastodon 4.6 database).
 */
describe("worker log lines", () => {
  let instance: TestInstance;
  beforeAll(async () => {
    instance = await createTestInstance("worker_log", "4.6");
  });
  afterAll(async () => {
    await instance?.close();
  });

  it("logs each run's start and done as JSON with its duration and counts", async () => {
    const lines: string[] = [];
    const worker = await startWorker(instance.context, (line) => lines.push(line));
    const parsed = () => lines.map((l) => JSON.parse(l) as JobLogLine);
    try {
      const deadline = Date.now() + 45_000;
      const doneOf = (job: string) => parsed().find((l) => l.job === job && l.event === "done");
      while (!(doneOf("sample-instance") && doneOf("relay-traffic-rollup")) && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 200));
      }
    } finally {
      await worker.close();
    }
    // Every line is one JSON object with the same leading fields.
    const all = parsed();
    for (const line of all) {
      expect(Number.isNaN(Date.parse(line.time))).toBe(false);
      expect(typeof line.job).toBe("string");
      expect(["ready", "start", "progress", "done", "failed", "outage"]).toContain(line.event);
    }
    // "ready" once the schedules are in Redis; jobs already waiting may start before it.
    expect(all.filter((l) => l.job === "worker" && (l.event as string) === "ready")).toHaveLength(1);

    const sample = all.filter((l) => l.job === "sample-instance");
    expect(sample[0]).toMatchObject({ event: "start" });
    expect(typeof sample[0]!.id).toBe("string");
    const done = sample.find((l) => l.event === "done")!;
    expect(done.id).toBe(sample[0]!.id);
    expect(done.durationMs).toBeGreaterThanOrEqual(0);
    // The counts the job returned (InstanceCounts) are on the done line.
    expect(done.userCount).toBeGreaterThan(0);
    const relays = all.find((l) => l.job === "relay-traffic-rollup" && l.event === "done")!;
    expect(relays).toMatchObject({ caughtUp: true });
    expect(relays.statuses).toBeGreaterThan(0);
  }, 60_000);

  it("reports a relay backfill's progress as it goes, and a failure with its reason", async () => {
    const reports: unknown[] = [];
    await instance.context.store().then((s) => s.pool.query("TRUNCATE howdah.relay_traffic_state"));
    await rollupRelayTraffic(instance.context, { pieceMinutes: 15, maxPieces: 4, progress: (c) => reports.push(c) });
    expect(reports).toHaveLength(4);
    expect(reports[3]).toMatchObject({ pieces: 4 });

    const lines: string[] = [];
    const log = startJobLog((l) => lines.push(l), { name: "x", id: "7" });
    log.failed(new Error("PostgreSQL is unavailable: connection refused"));
    expect(JSON.parse(lines[1]!)).toMatchObject({
      job: "x",
      id: "7",
      event: "failed",
      error: "PostgreSQL is unavailable: connection refused",
    });
  });
});

describe("progress lines", () => {
  it("are written at most once every PROGRESS_EVERY_MS per run, and never overwrite the line's own fields", () => {
    let now = 1_000_000;
    const lines: string[] = [];
    const log = startJobLog(
      (l) => lines.push(l),
      { name: "storage-reconcile", id: "1" },
      () => now,
    );
    for (let i = 1; i <= 30; i++) {
      now += 1_000;
      log.progress({ rowsDone: i * 1000, event: "sneaky" });
    }
    now += 500;
    log.done({ sources: { accounts: "done" }, freedBytes: 12n, time: "later" });
    const parsed = lines.map((l) => JSON.parse(l) as JobLogLine);
    expect(parsed.map((l) => l.event)).toEqual(["start", "progress", "progress", "progress", "done"]);
    expect(parsed[1]).toMatchObject({ rowsDone: PROGRESS_EVERY_MS, durationMs: PROGRESS_EVERY_MS });
    expect(parsed[4]).toMatchObject({ "sources.accounts": "done", freedBytes: 12, durationMs: 30_500 });
    expect(parsed[4]!.time).toBe(new Date(now).toISOString());
  });
});
