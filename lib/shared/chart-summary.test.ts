import { describe, expect, it } from "vitest";
import { summarizeSeries } from "./chart-summary";

describe("a chart's summary for screen readers", () => {
  it("gives each series its latest, lowest and highest value in the chart's units, skipping gaps", () => {
    const rows = [
      { t: 1, failed: 2, done: null },
      { t: 2, failed: 7, done: 10 },
      { t: 3, failed: null, done: 4 },
    ];
    const text = summarizeSeries(
      rows,
      [
        { key: "failed", label: "failed" },
        { key: "done", label: "processed" },
      ],
      (v) => `${v}/min`,
    );
    expect(text).toBe(
      "3 points. failed: latest 7/min, lowest 2/min, highest 7/min; " +
        "processed: latest 4/min, lowest 4/min, highest 10/min.",
    );
  });

  it("says when a series has nothing to show", () => {
    expect(summarizeSeries([{ t: 1, held: null }], [{ key: "held", label: "Held" }], String)).toBe(
      "1 point. Held: no data.",
    );
  });
});
