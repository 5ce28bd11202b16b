import { describe, expect, it } from "vitest";
import { parseRetentionYaml } from "./retention";
import { parseRedisInfo } from "./space-usage";
import { bucketOf, bucketStart, lastIdBefore, idTimeMs, MIN_ID } from "./id-buckets";

describe("media_cache_retention_period as Mastodon reads it (ContentRetentionPolicy)", () => {
  it.each([
    ["--- 30\n", 30],
    ["--- 7\n...\n", 7],
    ["--- +14\n", 14],
  ])("%j is %i days", (raw, days) => {
    expect(parseRetentionYaml(raw).days).toBe(days);
  });

  it.each([
    [null, /Not set/],
    ["--- \n", /Blank/],
    ["--- \n...\n", /Blank/],
    ["--- ~\n", /Blank/],
    ["--- '30'\n", /Stored as text/],
    ['--- "30"\n', /Stored as text/],
    ["--- 0\n", /not a positive number/],
    ["--- -5\n", /not a positive number/],
    ["--- 30.5\n", /Not an integer/],
    ["--- thirty\n", /Not an integer/],
  ])("%j means disabled (%s)", (raw, why) => {
    const r = parseRetentionYaml(raw);
    expect(r.days).toBeNull();
    expect(r.explanation).toMatch(why);
  });
});

describe("space usage", () => {
  it("reads used_memory and names Valkey or Dragonfly as Mastodon does", () => {
    expect(parseRedisInfo("# Server\r\nredis_version:7.2.4\r\n# Memory\r\nused_memory:1048576\r\n")).toEqual({
      bytes: 1048576,
      label: "Redis",
    });
    expect(parseRedisInfo("redis_version:7.2.4\nvalkey_version:8.0.1\nused_memory:2048\n")).toEqual({
      bytes: 2048,
      label: "Valkey",
    });
    expect(parseRedisInfo("dragonfly_version:df-v1.2\nused_memory:99\n")).toEqual({ bytes: 99, label: "Dragonfly" });
  });
});

describe("id buckets", () => {
  it("puts snowflake ids in the UTC day of their time part, and old sequential ids in bucket 0", () => {
    const ms = Date.UTC(2026, 7, 6, 13, 45);
    const id = (BigInt(ms) << 16n) | 1234n;
    expect(idTimeMs(id)).toBe(ms);
    expect(bucketOf("snowflake", id)).toBe(Math.floor(ms / 86_400_000));
    expect(bucketStart("snowflake", bucketOf("snowflake", id))).toBe(BigInt(Date.UTC(2026, 7, 6)) << 16n);
    expect(bucketOf("snowflake", 12345n)).toBe(0);
    expect(bucketOf("snowflake", -99n)).toBe(0);
    expect(bucketStart("snowflake", 0)).toBe(MIN_ID);
    expect(lastIdBefore(ms) < BigInt(ms) << 16n).toBe(true);
    expect(bucketOf("sequence", 25_000n)).toBe(2);
    expect(bucketStart("sequence", 2)).toBe(20_000n);
  });
});
