import { describe, expect, it } from "vitest";
import { outageLog } from "./outage-log";

describe("outageLog", () => {
  it("logs an outage once when it begins and once when it ends, with how long and how many failures", () => {
    const lines: string[] = [];
    let now = 0;
    const redis = outageLog(
      "Howdah's Redis",
      (line) => lines.push(line),
      () => now,
    );
    redis.recovered();
    for (let i = 0; i < 40; i++) {
      redis.failed("connection refused");
      now += 1_000;
    }
    expect(redis.down).toBe(true);
    redis.recovered();
    redis.recovered();
    expect(lines).toEqual([
      "Howdah's Redis is failing: connection refused. Retrying quietly until it works again.",
      "Howdah's Redis works again after 40 s (40 failures).",
    ]);
    redis.failed("no answer in time");
    redis.recovered();
    expect(lines.at(-1)).toBe("Howdah's Redis works again after 0 s (1 failure).");
  });
});
