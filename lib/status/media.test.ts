import { describe, expect, it } from "vitest";
import type { StorageForecast } from "@/lib/storage/forecast";
import { mediaReading } from "./media";

const today = new Date("2026-11-20T12:00:00Z");
const forecast = (patch: Partial<StorageForecast>): StorageForecast => ({
  status: "fills",
  method: "trend",
  methodText: null,
  usedBytes: 800,
  capacityBytes: 1000,
  includesDatabase: false,
  rate: { low: 1, mid: 2, high: 3 },
  fullOn: { earliest: "2027-01-20", likely: "2027-01-25", latest: null },
  summary: "",
  statusLine: "Media storage: full in about 9 weeks",
  ...patch,
});

describe("the Media component from the storage forecast", () => {
  it("is an outage when full, degraded when it fills within two weeks, operational otherwise", () => {
    expect(mediaReading(forecast({ status: "full", statusLine: "Media storage: full" }), today)).toEqual({
      state: "outage",
      message: "Storage is full: new pictures and videos may fail to upload.",
    });
    expect(
      mediaReading(
        forecast({
          fullOn: { earliest: "2026-11-29", likely: "2026-12-02", latest: null },
          statusLine: "Media storage: full in about 12 days",
        }),
        today,
      ),
    ).toEqual({
      state: "degraded",
      message: "Storage is nearly full (full in about 12 days): uploads may start to fail.",
    });
    expect(mediaReading(forecast({}), today)).toEqual({
      state: "operational",
      message: "There is room for new pictures and videos; at the current rate it is full in about 9 weeks.",
    });
    expect(
      mediaReading(forecast({ status: "not_at_current_rate", statusLine: null, fullOn: null }), today)?.state,
    ).toBe("operational");
  });

  it("cannot say without a capacity or while counting", () => {
    expect(mediaReading(forecast({ status: "no_capacity", fullOn: null, statusLine: null }), today)).toBeNull();
    expect(mediaReading(forecast({ status: "counting", fullOn: null, statusLine: null }), today)).toBeNull();
  });

  it("says when the nightly cleanup is behind, keeping the forecast's state", () => {
    const behind = "The nightly cleanup of content cached from other servers is behind.";
    expect(mediaReading(forecast({}), today, behind)).toEqual({
      state: "operational",
      message: "There is room for new pictures and videos; at the current rate it is full in about 9 weeks. " + behind,
    });
    expect(mediaReading(forecast({ status: "no_capacity", fullOn: null, statusLine: null }), today, behind)).toBeNull();
  });
});
