import { describe, expect, it } from "vitest";
import { decodeBase32, generateTotp, InvalidBase32Error, verifyTotp } from "./totp";

// RFC 6238 Appendix B, SHA1: key "12345678901234567890". The RFC lists 8-digit codes;
// 6-digit codes are their last 6 digits (both are the same HMAC value mod 10^n).
const RFC_SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
const RFC_VECTORS: [number, string][] = [
  [59, "94287082"],
  [1111111109, "07081804"],
  [1111111111, "14050471"],
  [1234567890, "89005924"],
  [2000000000, "69279037"],
  [20000000000, "65353130"],
];

// A Mastodon 4.3+ style secret (52 chars = 32 bytes, 4 bits left over). Expected
// codes computed independently with python3 hmac/base64/struct.
const SECRET_52 = "WGYX5J2R6VAZEWV5WPX4LTACNMF7K77T5VXP7VIEBSDN5LYUIHGQ";
const SECRET_32 = "HVQIEDKHIEMPQHIDQMTQOWK6LSTZXMDR";

const s = (seconds: number) => seconds * 1000;
// Step 56666667 runs from 1700000010 to 1700000039.
const STEP = 56666667;
const MID = s(1700000025);
const codeAt = (step: number) => generateTotp(SECRET_52, s(step * 30));

describe("generateTotp", () => {
  it("matches RFC 6238 (SHA1, 30 s, truncated to 6 digits)", () => {
    for (const [seconds, eight] of RFC_VECTORS) expect(generateTotp(RFC_SECRET, s(seconds))).toBe(eight.slice(2));
  });

  it("matches independently computed codes for Mastodon-length secrets", () => {
    expect(generateTotp(SECRET_52, s(1700000000))).toBe("403788");
    expect(generateTotp(SECRET_52, s(1700000029))).toBe("118691");
    expect(generateTotp(SECRET_52, s(1700000030))).toBe("118691");
    expect(generateTotp(SECRET_52, s(1785000000))).toBe("242945");
    expect(generateTotp(SECRET_32, s(1700000000))).toBe("422163");
    expect(generateTotp(SECRET_32, s(1785000000))).toBe("653775");
  });

  it("ignores milliseconds (Time#to_i)", () => {
    expect(generateTotp(SECRET_52, 1700000009999)).toBe("403788");
  });
});

describe("decodeBase32 (ROTP rules)", () => {
  it("is case-insensitive, drops '=' anywhere and discards leftover bits", () => {
    expect(decodeBase32(RFC_SECRET).toString()).toBe("12345678901234567890");
    expect(decodeBase32(RFC_SECRET.toLowerCase() + "====")).toEqual(decodeBase32(RFC_SECRET));
    expect(decodeBase32("GEZD=GNBV")).toEqual(decodeBase32("GEZDGNBV"));
    expect(decodeBase32(SECRET_52)).toHaveLength(32);
  });

  it("rejects characters outside the alphabet, whitespace included", () => {
    expect(() => decodeBase32("GEZDGNB1")).toThrow(InvalidBase32Error);
    expect(() => decodeBase32("GEZD GNBV")).toThrow(InvalidBase32Error);
  });
});

describe("verifyTotp (devise-two-factor validate_and_consume_otp!)", () => {
  const verify = (code: string, extra: Partial<Parameters<typeof verifyTotp>[0]> = {}) =>
    verifyTotp({ secretBase32: SECRET_52, code, atMs: MID, ...extra });

  it("accepts the current code and returns its step", () => {
    expect(verify(codeAt(STEP))).toEqual({ ok: true, timestep: STEP, matchedTimestep: STEP });
  });

  it("accepts one step either side with the default 30 s drift, not two", () => {
    expect(verify(codeAt(STEP - 1))).toMatchObject({ ok: true, timestep: STEP - 1 });
    expect(verify(codeAt(STEP + 1))).toMatchObject({ ok: true, timestep: STEP + 1 });
    expect(verify(codeAt(STEP - 2))).toEqual({ ok: false, reason: "mismatch" });
    expect(verify(codeAt(STEP + 2))).toEqual({ ok: false, reason: "mismatch" });
  });

  it("measures drift in seconds from now, as ROTP get_timecodes", () => {
    // now = …025: drift 15 reaches …010 (this step) and …040 (next step), not the previous one.
    expect(verify(codeAt(STEP + 1), { driftSeconds: 15 }).ok).toBe(true);
    expect(verify(codeAt(STEP - 1), { driftSeconds: 15 }).ok).toBe(false);
    expect(verify(codeAt(STEP - 1), { driftSeconds: 0 }).ok).toBe(false);
    expect(verify(codeAt(STEP), { driftSeconds: 0 }).ok).toBe(true);
  });

  it("refuses steps at or before the consumed one", () => {
    expect(verify(codeAt(STEP), { lastConsumedTimestep: STEP })).toEqual({ ok: false, reason: "replayed" });
    expect(verify(codeAt(STEP - 1), { lastConsumedTimestep: STEP })).toEqual({ ok: false, reason: "replayed" });
    expect(verify(codeAt(STEP), { lastConsumedTimestep: STEP - 1 })).toMatchObject({ ok: true, timestep: STEP });
    expect(verify(codeAt(STEP + 1), { lastConsumedTimestep: STEP })).toMatchObject({ ok: true, timestep: STEP + 1 });
    expect(verify(codeAt(STEP), { lastConsumedTimestep: 0 })).toMatchObject({ ok: true }); // 0 is a real value
  });

  it("picks the latest step when two steps in the window share a code, as ROTP#verify", () => {
    // Found by search (python3): with the RFC key, steps 153567 and 153569 both give 468457.
    const at = s(153568 * 30 + 15);
    expect(generateTotp(RFC_SECRET, s(153567 * 30))).toBe("468457");
    const check = (last: number | null) =>
      verifyTotp({ secretBase32: RFC_SECRET, code: "468457", atMs: at, lastConsumedTimestep: last });
    expect(check(null)).toMatchObject({ ok: true, timestep: 153569 });
    expect(check(153569)).toEqual({ ok: false, reason: "replayed" });
  });

  it('with consumeRule "current" (devise-two-factor 6.0, Mastodon 4.3) stores the current step', () => {
    expect(verify(codeAt(STEP - 1), { consumeRule: "current" })).toEqual({
      ok: true,
      timestep: STEP,
      matchedTimestep: STEP - 1,
    });
    // 6.0 refuses any code once the current step is consumed, even a later step's.
    expect(verify(codeAt(STEP + 1), { consumeRule: "current", lastConsumedTimestep: STEP })).toEqual({
      ok: false,
      reason: "replayed",
    });
  });

  it('strips ASCII whitespace like `code.gsub(/\\s+/, "")` and needs exactly the 6 digits', () => {
    const code = codeAt(STEP);
    expect(verify(` ${code.slice(0, 3)} ${code.slice(3)}\n`).ok).toBe(true);
    expect(verify(`${code}\u00a0`)).toEqual({ ok: false, reason: "mismatch" }); // Ruby's \s is ASCII-only
    expect(verify(code.slice(1))).toEqual({ ok: false, reason: "mismatch" });
    expect(verify(`${code}0`)).toEqual({ ok: false, reason: "mismatch" });
    // Leading zeros count: ROTP compares strings, not numbers.
    expect(verifyTotp({ secretBase32: RFC_SECRET, code: "081804", atMs: s(1111111109) }).ok).toBe(true);
    expect(verifyTotp({ secretBase32: RFC_SECRET, code: "81804", atMs: s(1111111109) }).ok).toBe(false);
    expect(verify(" \t ")).toEqual({ ok: false, reason: "empty_code" });
  });

  it("reports a missing or undecodable secret", () => {
    expect(verifyTotp({ secretBase32: "", code: "123456", atMs: MID })).toEqual({ ok: false, reason: "no_secret" });
    expect(verifyTotp({ secretBase32: "NOT-BASE32!", code: "123456", atMs: MID })).toEqual({
      ok: false,
      reason: "invalid_secret",
    });
  });

  it("accepts the secret in lower case, as ROTP upcases it", () => {
    expect(verifyTotp({ secretBase32: SECRET_52.toLowerCase(), code: codeAt(STEP), atMs: MID }).ok).toBe(true);
  });
});
