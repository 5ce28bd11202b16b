import { describe, expect, it } from "vitest";
import { securityHeaders } from "./security-headers";

describe("securityHeaders", () => {
  it("forbid framing and sniffing, keep referrers home, and add HSTS only behind https", () => {
    const plain = Object.fromEntries(securityHeaders("http://127.0.0.1:3000"));
    expect(plain["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(plain["x-frame-options"]).toBe("DENY");
    expect(plain["x-content-type-options"]).toBe("nosniff");
    expect(plain["referrer-policy"]).toBe("same-origin");
    expect(plain["strict-transport-security"]).toBeUndefined();
    expect(Object.fromEntries(securityHeaders("https://admin.example.social"))["strict-transport-security"]).toBe(
      "max-age=31536000",
    );
    expect(Object.fromEntries(securityHeaders(null))["strict-transport-security"]).toBeUndefined();
  });
});
