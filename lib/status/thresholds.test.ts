import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "@/lib/config/load-config";
import { DEFAULT_STATUS_THRESHOLDS, parseStatusThresholds } from "./thresholds";

const base = { LOCAL_DOMAIN: "example.social", HOWDAH_SECRET: "0123456789abcdef0123456789abcdef-secret" };

function configError(env: Record<string, string>): ConfigError {
  let caught: unknown;
  try {
    loadConfig({ ...base, ...env });
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(ConfigError);
  const error = caught as ConfigError;
  expect(error.message).toMatch(/^[^\n]+\.$/);
  return error;
}

describe("HOWDAH_STATUS_THRESHOLDS", () => {
  it("keeps Mastodon-minded defaults", () => {
    expect(parseStatusThresholds(undefined)).toEqual(DEFAULT_STATUS_THRESHOLDS);
    expect(DEFAULT_STATUS_THRESHOLDS.ingress).toEqual({ degraded: 120_000, outage: 1_800_000 });
    expect(DEFAULT_STATUS_THRESHOLDS.push.degraded).toBe(300_000);
    expect(DEFAULT_STATUS_THRESHOLDS.web).toEqual({ degraded: 2_000, outage: null });
  });

  it("overrides some keys with units, keeping the rest", () => {
    const t = parseStatusThresholds(" ingress=5m/1h , web=3s,push=90s, mail_failures=20/500,redis=250ms,pull=1.5h/6h");
    expect(t.ingress).toEqual({ degraded: 300_000, outage: 3_600_000 });
    expect(t.web).toEqual({ degraded: 3_000, outage: null });
    expect(t.push).toEqual({ degraded: 90_000, outage: 3_600_000 });
    expect(t.mail_failures).toEqual({ degraded: 20, outage: 500 });
    expect(t.redis.degraded).toBe(250);
    expect(t.pull).toEqual({ degraded: 5_400_000, outage: 21_600_000 });
    expect(t.default).toEqual(DEFAULT_STATUS_THRESHOLDS.default);
  });

  it("refuses malformed entries with one sentence naming the variable and the entry", () => {
    for (const [raw, fragment] of [
      ["ingres=5m", "unknown key"],
      ["ingress", "needs a value"],
      ["ingress=5", "duration with a unit"],
      ["ingress=5m/1h/2h", "at most two values"],
      ["ingress=1h/5m", "outage value above"],
      ["web=1s/5s", "one value for web"],
      ["mail_failures=5m", "a count"],
    ] as const) {
      const error = configError({ HOWDAH_STATUS_THRESHOLDS: raw });
      expect(error.variable).toBe("HOWDAH_STATUS_THRESHOLDS");
      expect(error.message).toContain("HOWDAH_STATUS_THRESHOLDS");
      expect(error.message).toContain(fragment);
    }
  });
});

describe("probe settings", () => {
  it("default to the instance's WEB_DOMAIN", () => {
    const status = loadConfig({ ...base, WEB_DOMAIN: "web.example.social" }).howdah.status;
    expect(status.webProbeUrl).toBe("https://web.example.social/health");
    expect(status.streamingProbeUrl).toBe("https://web.example.social/api/v1/streaming/health");
    expect(loadConfig(base).howdah.status.webProbeUrl).toBe("https://example.social/health");
  });

  it("take http(s) URLs and a bounded timeout", () => {
    const status = loadConfig({
      ...base,
      HOWDAH_PROBE_WEB_URL: "http://10.0.0.5:3000/health",
      HOWDAH_PROBE_TIMEOUT_MS: "2000",
    }).howdah.status;
    expect(status.webProbeUrl).toBe("http://10.0.0.5:3000/health");
    expect(status.probeTimeoutMs).toBe(2000);
  });

  it("refuse a probe URL that is not http(s), in one sentence", () => {
    for (const bad of ["ftp://example.social/health", "example.social/health", "javascript:alert(1)"]) {
      const error = configError({ HOWDAH_PROBE_STREAMING_URL: bad });
      expect(error.variable).toBe("HOWDAH_PROBE_STREAMING_URL");
      expect(error.message).toMatch(/^HOWDAH_PROBE_STREAMING_URL must be an http:\/\/ or https:\/\/ URL/);
    }
    const withPassword = configError({ HOWDAH_PROBE_WEB_URL: "https://user:s3cret@example.social/health" });
    expect(withPassword.variable).toBe("HOWDAH_PROBE_WEB_URL");
    expect(withPassword.message).not.toContain("s3cret");
    expect(configError({ HOWDAH_PROBE_TIMEOUT_MS: "100" }).variable).toBe("HOWDAH_PROBE_TIMEOUT_MS");
  });
});
