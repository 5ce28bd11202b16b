import { describe, expect, it } from "vitest";
import type { MergeSettings, SourceEntry } from "@/lib/store/blocklist-subscriptions";
import { mergeSources, required } from "./merge";

const entry = (domain: string, severity: SourceEntry["severity"], flags: Partial<SourceEntry> = {}): SourceEntry => ({
  domain,
  severity,
  rejectMedia: false,
  rejectReports: false,
  obfuscate: false,
  publicComment: null,
  ...flags,
});
const settings = (s: Partial<MergeSettings>): MergeSettings => ({
  thresholdKind: "count",
  thresholdValue: 1,
  severityRule: "max",
  ...s,
});

// Three lists: a.test everywhere (suspend, silence, silence), b.test on two, c.test on one.
const lists = new Map<string, SourceEntry[]>([
  ["1", [entry("a.test", "suspend", { rejectMedia: true }), entry("b.test", "silence"), entry("c.test", "noop")]],
  ["2", [entry("a.test", "silence"), entry("b.test", "suspend", { rejectReports: true })]],
  ["3", [entry("a.test", "silence", { rejectMedia: true })]],
]);

describe("merging subscribed blocklists", () => {
  it("keeps a domain only when enough sources list it: a count, or a share of the sources", () => {
    expect([...mergeSources(lists, settings({ thresholdValue: 1 })).keys()].sort()).toEqual([
      "a.test",
      "b.test",
      "c.test",
    ]);
    expect([...mergeSources(lists, settings({ thresholdValue: 2 })).keys()].sort()).toEqual(["a.test", "b.test"]);
    expect([...mergeSources(lists, settings({ thresholdValue: 3 })).keys()]).toEqual(["a.test"]);
    // 60 % of 3 sources is 1.8: two sources are needed.
    expect(required(settings({ thresholdKind: "share", thresholdValue: 60 }), 3)).toBe(2);
    expect([...mergeSources(lists, settings({ thresholdKind: "share", thresholdValue: 60 })).keys()].sort()).toEqual([
      "a.test",
      "b.test",
    ]);
    expect([...mergeSources(lists, settings({ thresholdKind: "share", thresholdValue: 100 })).keys()]).toEqual([
      "a.test",
    ]);
    expect(mergeSources(lists, settings({ thresholdValue: 2 })).get("b.test")!.sourceIds).toEqual(["1", "2"]);
  });

  it("decides the severity by the rule: max, min or majority (a tie goes to the stricter)", () => {
    const pick = (rule: MergeSettings["severityRule"]) => {
      const m = mergeSources(lists, settings({ severityRule: rule }));
      return {
        a: [m.get("a.test")!.severity, m.get("a.test")!.rejectMedia],
        b: [m.get("b.test")!.severity, m.get("b.test")!.rejectReports],
      };
    };
    expect(pick("max")).toEqual({ a: ["suspend", true], b: ["suspend", true] });
    expect(pick("min")).toEqual({ a: ["silence", false], b: ["silence", false] });
    // a: 2 silence vs 1 suspend; media rejected by 2 of 3. b: 1 against 1, the stricter; reports by 1 of 2.
    expect(pick("majority")).toEqual({ a: ["silence", true], b: ["suspend", true] });
  });
});
