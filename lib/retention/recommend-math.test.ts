import { describe, expect, it } from "vitest";
import { addDays } from "@/lib/storage/forecast-math";
import { cacheHeld, MAX_RECOMMENDED_DAYS, rateWindow, recommendPeriod, type RecommendInput } from "./recommend-math";

const today = "2026-12-02";
const GiB = 2 ** 30;
/** `bytes` landed on each of the `days` days before today. */
const daily = (days: number, bytes: number) =>
  Array.from({ length: days }, (_, i) => ({ day: addDays(today, -days + i), bytes }));

const base: RecommendInput = {
  today,
  capacityBytes: 100 * GiB,
  fill: 0.8,
  horizonDays: 365,
  usedBytes: 40 * GiB,
  cacheBytes: 10 * GiB,
  cacheAdded: daily(30, GiB),
  steadyAdded: daily(30, 0),
  databasePerDay: 0,
  currentDays: 30,
};

describe("the recommended media-cache period", () => {
  it("is the longest period whose cache fits beside the rest of the disk at the horizon", () => {
    // The rest: 30 GiB now, + 0.05 GiB a day for 365 days = 48.25 GiB; 80 GiB allowed: 31.75 GiB of cache,
    // at 1 GiB a day: 31 days.
    const r = recommendPeriod({ ...base, steadyAdded: daily(30, 0.05 * GiB) });
    expect(r.restAtHorizon / GiB).toBeCloseTo(48.25, 6);
    expect(r.cacheBudget / GiB).toBeCloseTo(31.75, 6);
    expect(r.recommendation).toEqual({ kind: "period", days: 31 });
    expect(r.curve.find((p) => p.days === 30)?.bytes).toBe(30 * GiB);
    expect(r.curve.find((p) => p.days === 60)?.bytes).toBe(60 * GiB);
  });

  it("counts the database's growth when it shares the disk", () => {
    const without = recommendPeriod(base).recommendation;
    const withDb = recommendPeriod({ ...base, databasePerDay: 0.05 * GiB }).recommendation;
    expect(without).toEqual({ kind: "period", days: 50 });
    expect(withDb).toEqual({ kind: "period", days: 31 });
  });

  it("reads the curve from the days' own arrivals, then the mean rate beyond the days it trusts", () => {
    // 1 GiB a day, then 3 GiB a day over the last 10 days.
    const points = daily(30, GiB).map((p, i) => (i >= 20 ? { ...p, bytes: 3 * GiB } : p));
    expect(cacheHeld(points, today, 30, (50 * GiB) / 30, 10)).toBe(30 * GiB);
    expect(cacheHeld(points, today, 30, (50 * GiB) / 30, 30)).toBe(50 * GiB);
    expect(cacheHeld(points, today, 30, (50 * GiB) / 30, 60)).toBeCloseTo(100 * GiB, 0);
    expect(rateWindow(3)).toBe(7);
    expect(rateWindow(14)).toBe(14);
    expect(rateWindow(null)).toBe(30);
  });

  it("says when no period is enough, and when any is", () => {
    expect(recommendPeriod({ ...base, usedBytes: 95 * GiB }).recommendation).toEqual({ kind: "none" });
    const tiny = recommendPeriod({ ...base, cacheAdded: daily(30, 1024), cacheBytes: 1024 * 30 });
    expect(tiny.recommendation).toEqual({ kind: "any", offFits: true });
    const big = recommendPeriod({ ...base, cacheAdded: daily(30, 0.1 * GiB), capacityBytes: 200 * GiB });
    expect(big.recommendation).toEqual({ kind: "any", offFits: true });
    const offTooMuch = recommendPeriod({ ...base, cacheAdded: daily(30, 0.12 * GiB), cacheBytes: 20 * GiB });
    expect(offTooMuch.recommendation).toEqual({ kind: "any", offFits: false });
    expect(MAX_RECOMMENDED_DAYS).toBe(365);
  });
});
