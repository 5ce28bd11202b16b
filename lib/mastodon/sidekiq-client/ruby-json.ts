/**
 * The few rules of Ruby's JSON.generate (what Sidekiq.dump_json is in 6.5,
 * 7.3 and 8.x) that JSON.stringify does not follow on its own:
 * - Ruby keeps Float apart from Integer: `Time.now.to_f` always prints with a
 *   "." (1754480000.0), and Sidekiq 8's readers decide "seconds or
 *   milliseconds" by exactly that. `SidekiqFloat` marks a Float.
 * - Integers beyond 2^53 (Mastodon's snowflake ids) must keep every digit:
 *   pass them as bigint.
 * - Hash keys keep insertion order: jobs are built as ordered entry lists.
 * Strings are escaped as both escape them (quote, backslash, control
 * characters; "/" and non-ASCII left alone).
 */
export class SidekiqFloat {
  constructor(readonly value: number) {
    if (!Number.isFinite(value)) throw new RangeError(`a Float must be finite, got ${value}`);
  }
}

/** An ordered Ruby Hash: [key, value] pairs in insertion order (plain objects would move integer-like keys). */
export class SidekiqHash {
  constructor(readonly entries: ReadonlyArray<readonly [string, SidekiqValue]>) {}
}

export type SidekiqValue =
  string | number | bigint | boolean | null | SidekiqFloat | SidekiqHash | readonly SidekiqValue[];

/** Ruby's Float#to_s: shortest round-trip digits, always a ".", exponent form outside 1e-4 <= |x| < 1e16. */
export function rubyFloatToS(x: number): string {
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
  const abs = Math.abs(x);
  if (abs >= 1e16 || abs < 1e-4) {
    const [mantissa = "", exponent = "0"] = x.toExponential().split("e");
    const m = mantissa.includes(".") ? mantissa : `${mantissa}.0`;
    const sign = exponent.startsWith("-") ? "-" : "+";
    return `${m}e${sign}${exponent.replace(/^[+-]/, "").padStart(2, "0")}`;
  }
  const s = String(x);
  return s.includes(".") ? s : `${s}.0`;
}

export function toRubyJson(value: SidekiqValue): string {
  if (value === null) return "null";
  if (value instanceof SidekiqFloat) return rubyFloatToS(value.value);
  if (value instanceof SidekiqHash)
    return `{${value.entries.map(([k, v]) => `${JSON.stringify(k)}:${toRubyJson(v)}`).join(",")}}`;
  switch (typeof value) {
    case "string":
      return JSON.stringify(value);
    case "boolean":
      return value ? "true" : "false";
    case "bigint":
      return value.toString();
    case "number":
      // A JS number stands for a Ruby Integer here; anything else is a caller's bug.
      if (!Number.isSafeInteger(value))
        throw new RangeError(`an Integer was expected, got ${value}: use SidekiqFloat or bigint`);
      return String(value);
  }
  return `[${(value as readonly SidekiqValue[]).map((v) => toRubyJson(v)).join(",")}]`;
}
