import { describe, expect, it } from "vitest";
import { newNonce, pagePolicy, securityHeaders, statusSecurityHeaders } from "./security-headers";

const directive = (policy: string, name: string) =>
  policy
    .split(";")
    .map((d) => d.trim())
    .find((d) => d.startsWith(`${name} `));

describe("securityHeaders", () => {
  it("forbid framing and sniffing, keep referrers home, and add HSTS only behind https", () => {
    const plain = Object.fromEntries(securityHeaders("http://127.0.0.1:3000"));
    expect(plain["x-frame-options"]).toBe("DENY");
    expect(plain["x-content-type-options"]).toBe("nosniff");
    expect(plain["referrer-policy"]).toBe("same-origin");
    expect(plain["strict-transport-security"]).toBeUndefined();
    expect(Object.fromEntries(securityHeaders("https://admin.example.social"))["strict-transport-security"]).toBe(
      "max-age=31536000",
    );
    expect(Object.fromEntries(securityHeaders(null))["strict-transport-security"]).toBeUndefined();
  });

  it("let pages run only scripts with the answer's nonce, never inline ones", () => {
    const nonce = newNonce();
    expect(Buffer.from(nonce, "base64")).toHaveLength(16);
    expect(newNonce()).not.toBe(nonce);
    const policy = pagePolicy(nonce);
    expect(directive(policy, "script-src")).toBe(`script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`);
    expect(directive(policy, "frame-ancestors")).toBe("frame-ancestors 'none'");
    expect(directive(policy, "object-src")).toBe("object-src 'none'");
  });

  it("give the status answers a policy allowing only Howdah's own script file, nothing inline", () => {
    const status = Object.fromEntries(statusSecurityHeaders("https://admin.example.social"));
    const policy = status["content-security-policy"]!;
    expect(directive(policy, "default-src")).toBe("default-src 'none'");
    expect(directive(policy, "script-src")).toBe("script-src 'self'");
    expect(directive(policy, "connect-src")).toBe("connect-src 'self'");
    expect(directive(policy, "frame-ancestors")).toBe("frame-ancestors 'none'");
    expect(status["strict-transport-security"]).toBe("max-age=31536000");
  });
});
