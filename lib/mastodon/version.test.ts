import { describe, expect, it } from "vitest";
import { HowdahError } from "@/lib/errors";
import { assertWritable, classifySchemaVersion } from "./version";

describe("classifySchemaVersion", () => {
  it.each([
    ["20241007071624", "4.3", "6.5"], // v4.3.23
    ["20240301000000", "4.3", "6.5"],
    ["20250627132728", "4.4", "7.3"], // v4.4.22
    ["20251023210145", "4.5", "8.0"], // v4.5.15
    ["20260611150940", "4.6", "8.1"], // v4.6.5
  ])("places %s in Mastodon %s (Sidekiq %s)", (schema, release, sidekiq) => {
    const v = classifySchemaVersion(schema);
    expect(v.release).toBe(release);
    expect(v.sidekiqFormat).toBe(sidekiq);
    expect(v.writable).toBe(true);
    expect(() => assertWritable(v)).not.toThrow();
  });

  it("keeps reading but refuses writes on a schema newer than 4.6.5", () => {
    const v = classifySchemaVersion("20270101000000");
    expect(v.release).toBeNull();
    expect(v.writable).toBe(false);
    expect(v.readOnlyReason).toMatch(/newer than Mastodon 4\.6\.5/);
    expect(() => assertWritable(v)).toThrow(HowdahError);
  });

  it("refuses writes on Mastodon 4.2 and older", () => {
    const v = classifySchemaVersion("20230907150100");
    expect(v.writable).toBe(false);
    expect(v.readOnlyReason).toMatch(/older than Mastodon 4\.3/);
  });
});
