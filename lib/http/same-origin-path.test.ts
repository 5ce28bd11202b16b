import { describe, expect, it } from "vitest";
import { sameOriginPath } from "./same-origin-path";

describe("sameOriginPath", () => {
  it("keeps paths on Howdah, with their query", () => {
    expect(sameOriginPath("/queues")).toBe("/queues");
    expect(sameOriginPath("/queues/jobs?source=retry&offset=25")).toBe("/queues/jobs?source=retry&offset=25");
  });

  it("refuses every way of naming another host", () => {
    for (const evil of [
      "/\\evil.example/",
      "//evil.example/",
      "/\\/evil.example",
      "\\\\evil.example",
      "https://evil.example/",
      "javascript:alert(1)",
      "/\t/evil.example",
      "",
    ]) {
      expect(sameOriginPath(evil), JSON.stringify(evil)).toBe("/");
    }
    expect(sameOriginPath(undefined)).toBe("/");
  });
});
