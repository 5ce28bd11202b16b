import { describe, expect, it } from "vitest";
import { buildForecast, describeOne, splitAdditions, type ForecastInput } from "./forecast";
import { addDays, fitLine } from "./forecast-math";
import { retentionEffect } from "./retention-effect";

const today = "2026-08-06";
const GiB = 2 ** 30;
const series = (days: number, start: number, perDay: number, noise = 0) =>
  Array.from({ length: days }, (_, i) => ({
    day: addDays(today, i - days + 1),
    bytes: start + perDay * i + (i % 2 ? noise : -noise),
  }));

const base: ForecastInput = {
  today,
  usedBytes: 100 * GiB,
  capacityBytes: 200 * GiB,
  includesDatabase: false,
  counting: false,
  held: [],
  steadyAdded: [],
  cacheAdded: [],
  retentionDays: 30,
};

describe("fitLine", () => {
  it("recovers the slope of a straight line exactly, with no error", () => {
    const fit = fitLine(series(30, 1000, 50));
    expect(fit?.slope).toBeCloseTo(50, 9);
    expect(fit?.slopeError).toBeCloseTo(0, 9);
  });
});

describe("buildForecast", () => {
  it("fits the daily snapshots and gives a range of dates, not one", () => {
    const held = series(40, 60 * GiB, GiB, 0.3 * GiB);
    const f = buildForecast({ ...base, usedBytes: held.at(-1)!.bytes, held });
    expect(f.status).toBe("fills");
    expect(f.method).toBe("trend");
    expect(f.rate!.mid).toBeCloseTo(GiB, -7);
    expect(f.rate!.low).toBeLessThan(f.rate!.mid);
    expect(f.rate!.high).toBeGreaterThan(f.rate!.mid);
    expect(f.fullOn!.earliest < f.fullOn!.latest!).toBe(true);
    expect(f.summary).toMatch(/^Full in about \d+ to \d+ weeks\.$/);
    expect(f.methodText).toMatch(/least squares/);
    expect(f.statusLine).toMatch(/^Media storage: full in about \d+ weeks$/);
  });

  it("says 'not at the current rate' when storage is flat or shrinking", () => {
    const held = series(30, 120 * GiB, -0.1 * GiB);
    const f = buildForecast({ ...base, held });
    expect(f.status).toBe("not_at_current_rate");
    expect(f.summary).toMatch(/Not at the current rate/);
    expect(f.statusLine).toBeNull();
  });

  it("estimates from additions before 14 snapshots exist, leaving out the remote cache when retention is on", () => {
    const steadyAdded = series(60, GiB, 0);
    const cacheAdded = series(60, 5 * GiB, 0);
    const withRetention = buildForecast({ ...base, held: series(3, 100 * GiB, GiB), steadyAdded, cacheAdded });
    expect(withRetention.method).toBe("additions");
    expect(withRetention.rate!.mid).toBeCloseTo(GiB, 0);
    expect(withRetention.methodText).toMatch(/taken as steady/);
    const without = buildForecast({ ...base, steadyAdded, cacheAdded, retentionDays: null });
    expect(without.rate!.mid).toBeCloseTo(6 * GiB, 0);
    expect(without.methodText).toMatch(/retention is off/);
  });

  it("waits for the first count, asks for a capacity, and says when it is full", () => {
    expect(buildForecast({ ...base, counting: true }).status).toBe("counting");
    expect(buildForecast({ ...base }).status).toBe("not_enough_data");
    const noCap = buildForecast({ ...base, capacityBytes: null, held: series(20, 0, GiB) });
    expect(noCap.status).toBe("no_capacity");
    expect(noCap.summary).toMatch(/Set the capacity/);
    const full = buildForecast({ ...base, usedBytes: 250 * GiB, held: series(20, 0, GiB) });
    expect(full.status).toBe("full");
    expect(full.statusLine).toBe("Media storage: full");
  });

  it("gives no date further out than ten years", () => {
    const slow = buildForecast({ ...base, capacityBytes: 2 ** 40 * 100, held: series(20, 90 * GiB, 0.01 * GiB) });
    expect(slow.status).toBe("not_at_current_rate");
    expect(slow.fullOn).toBeNull();
    expect(slow.summary).toMatch(/^Not within 10 years at the current rate \(.+ a day\)\.$/);
  });

  it("words durations in days, weeks, months and years", () => {
    expect(describeOne(3)).toBe("in about 3 days");
    expect(describeOne(63)).toBe("in about 9 weeks");
    expect(describeOne(400)).toBe("in about 13 months");
    expect(describeOne(1200)).toBe("in about 3 years");
  });
});

describe("retention effect", () => {
  it("shows what would happen without the retention, and with one when it is off", () => {
    const cacheAdded = series(40, GiB, 0);
    const forecast = buildForecast({ ...base, held: series(20, 90 * GiB, 0.5 * GiB) });
    const on = retentionEffect({
      retention: { days: 30, raw: "--- 30\n", explanation: "x" },
      cacheAdded,
      cacheBytes: 30 * GiB,
      today,
      forecast,
    });
    expect(on.cacheAddedPerDay).toBeCloseTo(GiB, 0);
    expect(on.alternative).toMatch(/Without the retention it would all stay, and the disk would fill about/);
    expect(on.alternativeFullOn! < forecast.fullOn!.likely!).toBe(true);
    const off = retentionEffect({
      retention: { days: null, raw: null, explanation: "y" },
      cacheAdded,
      cacheBytes: 80 * GiB,
      today,
      forecast,
    });
    expect(off.alternative).toMatch(/level off near 30\.0 GiB, about 50\.0 GiB less than now/);
  });

  it("gives no fill date past ten years, with or without the retention", () => {
    const cacheAdded = series(40, 0.001 * GiB, 0);
    const forecast = buildForecast({ ...base, capacityBytes: 2 ** 40 * 100, held: series(20, 90 * GiB, 0.01 * GiB) });
    const on = retentionEffect({
      retention: { days: 30, raw: "--- 30\n", explanation: "x" },
      cacheAdded,
      cacheBytes: 30 * GiB,
      today,
      forecast,
    });
    expect(on.alternative).toMatch(/, and the disk would still not fill within 10 years\.$/);
    expect(on.alternativeFullOn).toBeNull();
    const off = retentionEffect({
      retention: { days: null, raw: null, explanation: "y" },
      cacheAdded,
      cacheBytes: 80 * GiB,
      today,
      forecast,
    });
    expect(off.alternative).toMatch(/, and growth at the current rate would not fill the disk within 10 years\.$/);
    expect(off.alternativeFullOn).toBeNull();
  });

  it("splits additions into what stays and what the cache vacuum clears", () => {
    const { steady, cache } = splitAdditions([
      { day: today, kind: "attachments", origin: "remote", bytes: 0, addedBytes: 10 },
      { day: today, kind: "preview_cards", origin: "remote", bytes: 0, addedBytes: 5 },
      { day: today, kind: "attachments", origin: "local", bytes: 0, addedBytes: 7 },
      { day: today, kind: "avatars", origin: "remote", bytes: 0, addedBytes: 3 },
      { day: today, kind: "backups", origin: "local", bytes: 0, addedBytes: 1000 },
    ]);
    expect(cache).toEqual([{ day: today, bytes: 15 }]);
    expect(steady).toEqual([{ day: today, bytes: 10 }]);
  });
});
