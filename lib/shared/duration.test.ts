import { describe, expect, it } from "vitest";
import { durationText, parseDuration } from "./duration";

describe("durations as people type them", () => {
  it.each([
    ["5m", 300],
    ["2h", 7200],
    ["1h30m", 5400],
    ["1h 30m", 5400],
    ["45s", 45],
    ["90", 90],
    ["1d", 86_400],
    ["10min", 600],
    [" 2H ", 7200],
  ])("reads %j as %i seconds", (text, seconds) => {
    expect(parseDuration(text)).toBe(seconds);
  });

  it.each(["", "5 minutes", "m5", "-5m", "1.5h", "5x", "h"])("refuses %j", (text) => {
    expect(parseDuration(text)).toBeNull();
  });

  it("writes seconds back in the same form", () => {
    expect(durationText(5400)).toBe("1h30m");
    expect(durationText(300)).toBe("5m");
    expect(parseDuration(durationText(93_784))).toBe(93_784);
  });
});
