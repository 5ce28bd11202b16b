import { describe, expect, it } from "vitest";
import {
  formatAgo,
  formatCount,
  formatCountOf,
  formatDateTime,
  formatDateTimeUtc,
  formatDay,
  formatNumber,
  formatPercent,
  formatPerMinute,
  formatShortDay,
  formatUtc,
} from "./format";
import {
  byteScale,
  countScale,
  countTicks,
  durationScale,
  durationTicks,
  formatDurationExact,
  timeTicks,
} from "./chart-scales";

const AT = Date.UTC(2026, 4, 20, 15, 30, 12);

describe("one number format", () => {
  it("makes the noun agree with the count", () => {
    expect(formatCountOf(1, "known account")).toBe("1 known account");
    expect(formatCountOf(1204, "account")).toBe("1,204 accounts");
    expect(formatCountOf(0, "account was", "accounts were")).toBe("0 accounts were");
  });

  it("groups whole numbers, keeps exact values to two decimals, and never rounds a share up to all", () => {
    expect(formatCount(1933.6)).toBe("1,934");
    expect(formatNumber(29.754)).toBe("29.75");
    expect(formatPerMinute(29.754)).toBe("30/min");
    expect(formatPerMinute(2.345)).toBe("2.35/min");
    expect(formatPerMinute(1234.4)).toBe("1,234/min");
    expect(formatPerMinute(null)).toBe("—");
    expect(formatPercent(0)).toBe("0%");
    expect(formatPercent(0.004)).toBe("<1%");
    expect(formatPercent(0.126)).toBe("13%");
    expect(formatPercent(0.998)).toBe("99%");
    expect(formatPercent(1)).toBe("100%");
  });
});

describe("one date and time format", () => {
  it("writes local times as '20 May 2026, 15:30' and the exact UTC time for hover titles", () => {
    // The test runner's zone is the viewer's zone here; the pattern is what matters.
    expect(formatDateTime(AT)).toMatch(/^\d{1,2} May 2026, \d{2}:\d{2}$/);
    expect(formatDateTimeUtc(AT)).toBe("20 May 2026, 15:30 UTC");
    expect(formatUtc(AT)).toBe("2026-05-20 15:30:12 UTC");
    expect(formatUtc(new Date(AT).toISOString())).toBe("2026-05-20 15:30:12 UTC");
  });

  it("shows storage days as the UTC calendar days they are, whatever the viewer's zone", () => {
    expect(formatDay("2026-05-20")).toBe("20 May 2026");
    expect(formatShortDay("2026-01-01")).toBe("1 Jan");
  });

  it("says how long ago, or how long until", () => {
    expect(formatAgo(AT - 42_000, AT)).toBe("42 s ago");
    expect(formatAgo(AT + 240_000, AT)).toBe("in 4 min");
    expect(formatAgo(null, AT)).toBe("—");
  });
});

describe("chart axes: whole steps of one named unit", () => {
  it("counts in whole numbers", () => {
    expect(countTicks(0)).toEqual([0, 1]);
    expect(countTicks(3)).toEqual([0, 1, 2, 3]);
    expect(countTicks(29.8)).toEqual([0, 10, 20, 30]);
    expect(countTicks(1934)).toEqual([0, 500, 1000, 1500, 2000]);
    const jobs = countScale(29.8, "jobs per minute");
    expect(jobs.exact(29.754)).toBe("29.75 jobs per minute");
    expect(jobs.unit).toBe("jobs per minute");
  });

  it("gives a latency axis round minutes, not '27m, 20m, 13m'", () => {
    const axis = durationTicks(27 * 60 + 3);
    expect(axis.unit).toBe("min");
    expect(axis.ticks.map(axis.label)).toEqual(["0", "10 min", "20 min", "30 min"]);
    expect(durationTicks(40).ticks.map(durationTicks(40).label)).toEqual(["0", "10 s", "20 s", "30 s", "40 s"]);
    expect(durationTicks(5 * 3600).unit).toBe("h");
    expect(durationScale(1623).exact(1623)).toBe("27 min 3 s");
    expect(formatDurationExact(42.46)).toBe("42.5 s");
    expect(formatDurationExact(3 * 3600 + 20 * 60 + 5)).toBe("3 h 20 min");
    expect(formatDurationExact(2 * 86_400 + 4 * 3600)).toBe("2 d 4 h");
  });

  it("gives sizes binary-unit ticks and exact tooltips", () => {
    const scale = byteScale(3.4 * 2 ** 30);
    expect(scale.ticks.map(scale.tick)).toEqual(["0", "1 GiB", "2 GiB", "3 GiB", "4 GiB"]);
    expect(scale.exact(1_288_490_188)).toBe("1.20 GiB (1,288,490,188 bytes)");
    expect(scale.exact(512)).toBe("512 bytes");
  });

  it("puts a one-hour range's time ticks every ten minutes, on the same minutes for every chart", () => {
    const from = Date.UTC(2026, 4, 20, 14, 3, 20);
    const { ticks } = timeTicks(from, from + 3_600_000);
    expect(ticks).toHaveLength(6);
    expect(ticks.every((t) => new Date(t).getUTCMinutes() % 10 === 0 && new Date(t).getUTCSeconds() === 0)).toBe(true);
    expect(timeTicks(from, from + 3_600_000).ticks).toEqual(ticks);
    // Longer ranges: whole hours, then days.
    expect(timeTicks(from, from + 86_400_000).ticks.length).toBeLessThanOrEqual(7);
    expect(timeTicks(from, from + 30 * 86_400_000).ticks.length).toBeGreaterThanOrEqual(4);
  });
});
