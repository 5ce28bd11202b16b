import { describe, expect, it } from "vitest";
import { DEFAULT_TRUSTED_PROXIES } from "@/lib/config/trusted-proxies";
import { CLIENT_IP_HEADER, clientIp, compileTrustedProxies, resolveClientIp, stampClientIp } from "./client-ip";

const trustDefault = compileTrustedProxies(DEFAULT_TRUSTED_PROXIES);

describe("resolveClientIp", () => {
  it("takes an untrusted peer's own address, whatever headers it sends", () => {
    const headers = { "x-forwarded-for": "6.6.6.6", "x-real-ip": "7.7.7.7" };
    expect(resolveClientIp("203.0.113.9", headers, trustDefault)).toBe("203.0.113.9");
    expect(resolveClientIp("::ffff:203.0.113.9", {}, trustDefault)).toBe("203.0.113.9");
  });

  it("walks a trusted proxy's X-Forwarded-For from the right to the first untrusted hop", () => {
    // The client forged 6.6.6.6; nginx on 10.0.0.1 appended the address it saw, then the local proxy its own.
    const headers = { "x-forwarded-for": "6.6.6.6, 198.51.100.7, 10.0.0.1" };
    expect(resolveClientIp("127.0.0.1", headers, trustDefault)).toBe("198.51.100.7");
    // Rotating the forged part changes nothing.
    const rotated = { "x-forwarded-for": "1.2.3.4, 198.51.100.7, 10.0.0.1" };
    expect(resolveClientIp("127.0.0.1", rotated, trustDefault)).toBe("198.51.100.7");
  });

  it("takes X-Real-IP from a trusted proxy that sends no X-Forwarded-For", () => {
    expect(resolveClientIp("127.0.0.1", { "x-real-ip": "198.51.100.4" }, trustDefault)).toBe("198.51.100.4");
    expect(resolveClientIp("127.0.0.1", { "x-real-ip": "not an address" }, trustDefault)).toBe("127.0.0.1");
  });

  it("trusts only the configured list (Mastodon's TRUSTED_PROXY_IP semantics)", () => {
    const onlyOne = compileTrustedProxies(["192.0.2.10"]);
    const headers = { "x-forwarded-for": "198.51.100.7" };
    expect(resolveClientIp("192.0.2.10", headers, onlyOne)).toBe("198.51.100.7");
    // A loopback peer is not trusted once the list replaces the default.
    expect(resolveClientIp("127.0.0.1", headers, onlyOne)).toBe("127.0.0.1");
  });

  it("never returns junk a trusted hop passed on", () => {
    expect(resolveClientIp("127.0.0.1", { "x-forwarded-for": "<script>, 10.0.0.1" }, trustDefault)).toBe("10.0.0.1");
  });
});

describe("stampClientIp and clientIp", () => {
  it("replace a header the client sent and read back only the server's own", () => {
    const req = {
      headers: { [CLIENT_IP_HEADER]: "6.6.6.6", "x-forwarded-for": "6.6.6.6" } as Record<string, string>,
      socket: { remoteAddress: "203.0.113.9" },
    };
    stampClientIp(req, trustDefault);
    expect(req.headers[CLIENT_IP_HEADER]).toBe("203.0.113.9");
    expect(clientIp(req.headers)).toBe("203.0.113.9");
    expect(clientIp(new Headers(req.headers))).toBe("203.0.113.9");
  });

  it("give 'unknown' for a request the server did not stamp, even one that names an address", () => {
    expect(clientIp({ [CLIENT_IP_HEADER]: "6.6.6.6", "x-howdah-client-ip-proof": "guess" })).toBe("unknown");
    expect(clientIp({ "x-forwarded-for": "6.6.6.6", "x-real-ip": "6.6.6.6" })).toBe("unknown");
  });
});
