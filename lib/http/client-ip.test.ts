import { describe, expect, it } from "vitest";
import { clientIp } from "./client-ip";

describe("clientIp", () => {
  it("takes the last X-Forwarded-For hop, which the nearest proxy wrote", () => {
    expect(clientIp(new Headers({ "x-forwarded-for": "6.6.6.6, 10.0.0.1, 203.0.113.9" }))).toBe("203.0.113.9");
    expect(clientIp({ "x-forwarded-for": ["1.1.1.1", "2.2.2.2"] })).toBe("2.2.2.2");
  });
  it("falls back to X-Real-IP, then to a shared 'unknown' bucket", () => {
    expect(clientIp({ "x-real-ip": "198.51.100.4" })).toBe("198.51.100.4");
    expect(clientIp({})).toBe("unknown");
  });
});
