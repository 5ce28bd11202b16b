import { describe, expect, it } from "vitest";
import { displayDomain, domainVariants, normalizeDomain } from "./domain-name";
import { stricterThan } from "./severity";

/** Mastodon's normalisation (TagManager#normalize_domain + DomainValidator) and stricter_than?. */
describe("normalizeDomain", () => {
  it.each([
    ["example.com", "example.com"],
    ["  Example.COM/ ", "example.com"],
    ["example.com.", "example.com"],
    ["bücher.example", "xn--bcher-kva.example"],
    ["BÜCHER.example", "xn--bcher-kva.example"],
    ["xn--bcher-kva.example", "xn--bcher-kva.example"],
    ["straße.example", "strasse.example"],
    ["例え.テスト", "xn--r8jz45g.xn--zckzah"],
    ["1.2.3.4", "1.2.3.4"],
    ["com", "com"],
  ])("%j → %j", (input, domain) => {
    expect(normalizeDomain(input)).toMatchObject({ ok: true, domain });
  });

  it.each([
    ["https://Evil.example/@x", /web address.*Enter evil\.example instead/],
    ["evil.example/inbox", /web address.*evil\.example/],
    ["*.evil.example", /Wildcards.*evil\.example/],
    ["@someone@Evil.example", /account address.*evil\.example/],
    ["evil.example:8080", /port/],
    ["evil example", /space/],
    ["evil.example..", /empty part/],
    [".evil.example", /empty part/],
    ["evil%2eexample", /"%" cannot appear/],
    ["ev!l.example", /"!" cannot appear/],
    ["a".repeat(64) + ".example", /63/],
    [Array.from({ length: 60 }, () => "abcd").join("."), /at most 255/],
  ])("refuses %j", (input, message) => {
    const result = normalizeDomain(input);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toMatch(message);
  });

  it("shows punycode in Unicode and lists rule_for's variants", () => {
    expect(displayDomain("xn--bcher-kva.example")).toBe("bücher.example");
    expect(domainVariants("a.b.example")).toEqual(["a.b.example", "b.example", "example"]);
  });
});

describe("stricterThan (DomainBlock#stricter_than?)", () => {
  const p = (severity: "silence" | "suspend" | "noop", rejectMedia = false, rejectReports = false) => ({
    severity,
    rejectMedia,
    rejectReports,
  });
  it.each([
    [p("suspend"), p("suspend", true, true), true],
    [p("silence"), p("suspend"), false],
    [p("noop", true, true), p("silence"), false],
    [p("silence"), p("silence"), true],
    [p("silence"), p("noop", true), false],
    [p("silence", true), p("noop", true), true],
    [p("noop", false, true), p("noop", false, true), true],
    [p("noop"), p("noop", false, true), false],
  ])("%j stricter than %j: %s", (next, other, expected) => {
    expect(stricterThan(next, other)).toBe(expected);
  });
});
