import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_STATUS_THRESHOLDS } from "@/lib/status/thresholds";
import { HOWDAH_ENV_VARS, loadConfig } from "./load-config";
import { expectConfigError } from "./expect-config-error";

const SECRET = "0123456789abcdef0123456789abcdef-secret";
const base = { LOCAL_DOMAIN: "example.social", HOWDAH_SECRET: SECRET };
const howdah = (env: Record<string, string>) => loadConfig({ ...base, ...env }).howdah;

describe("Howdah's own variables", () => {
  it("have the documented defaults", () => {
    const config = loadConfig(base);
    expect(config.howdah).toEqual({
      store: config.mastodon.db,
      redis: config.mastodon.redis,
      redisPrefix: "howdah",
      statementTimeoutMs: 5000,
      storeStatementTimeoutMs: 30000,
      redisCommandTimeoutMs: 5000,
      secret: SECRET,
      publicUrl: "http://localhost:3000",
      sessionMaxAgeSeconds: 28800,
      workerMode: "separate",
      metricsToken: null,
      signInRateLimit: { perAccount: 5, perAccountTotal: 20, perIp: 20, windowSeconds: 900 },
      signInHashing: { threads: 1, queue: 16 },
      trustedProxies: ["127.0.0.0/8", "::1", "fc00::/7", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"],
      status: {
        webProbeUrl: "https://example.social/health",
        streamingProbeUrl: "https://example.social/api/v1/streaming/health",
        probeTimeoutMs: 5000,
        intervalMs: 30_000,
        thresholds: DEFAULT_STATUS_THRESHOLDS,
        snapshotFile: path.resolve(".howdah/status-snapshot-mastodon_production.json"),
      },
    });
  });

  it("read every override", () => {
    expect(
      howdah({
        HOWDAH_REDIS_PREFIX: "howdah:prod",
        HOWDAH_STATEMENT_TIMEOUT_MS: "12000",
        HOWDAH_STORE_STATEMENT_TIMEOUT_MS: "4000",
        HOWDAH_REDIS_COMMAND_TIMEOUT_MS: "1500",
        HOWDAH_URL: "https://admin.example.social/",
        HOWDAH_SESSION_MAX_AGE_SECONDS: "3600",
        HOWDAH_WORKER_MODE: "inline",
        HOWDAH_METRICS_TOKEN: "metrics-token-0123456",
        HOWDAH_SIGNIN_LIMIT_PER_ACCOUNT: "3",
        HOWDAH_SIGNIN_LIMIT_PER_IP: "50",
        HOWDAH_SIGNIN_LIMIT_WINDOW_SECONDS: "600",
        HOWDAH_SIGNIN_LIMIT_PER_ACCOUNT_TOTAL: "40",
        HOWDAH_SIGNIN_HASH_THREADS: "2",
        HOWDAH_SIGNIN_HASH_QUEUE: "0",
        HOWDAH_TRUSTED_PROXIES: "203.0.113.5, 2001:db8::/32  198.51.100.0/24",
      }),
    ).toMatchObject({
      redisPrefix: "howdah:prod",
      statementTimeoutMs: 12000,
      storeStatementTimeoutMs: 4000,
      redisCommandTimeoutMs: 1500,
      publicUrl: "https://admin.example.social",
      sessionMaxAgeSeconds: 3600,
      workerMode: "inline",
      metricsToken: "metrics-token-0123456",
      signInRateLimit: { perAccount: 3, perAccountTotal: 40, perIp: 50, windowSeconds: 600 },
      signInHashing: { threads: 2, queue: 0 },
      trustedProxies: ["203.0.113.5", "2001:db8::/32", "198.51.100.0/24"],
    });
  });

  it("keep the store's statement timeout at least as long as the one on Mastodon's database", () => {
    expect(howdah({ HOWDAH_STATEMENT_TIMEOUT_MS: "60000" }).storeStatementTimeoutMs).toBe(60000);
  });

  it("accept NEXTAUTH_SECRET and NEXTAUTH_URL, with the HOWDAH_ names winning", () => {
    const other = "nextauth-secret-0123456789abcdef0123";
    expect(
      loadConfig({ LOCAL_DOMAIN: "e.s", NEXTAUTH_SECRET: other, NEXTAUTH_URL: "https://a.example" }).howdah,
    ).toMatchObject({ secret: other, publicUrl: "https://a.example" });
    expect(
      howdah({ NEXTAUTH_SECRET: other, HOWDAH_URL: "https://b.example", NEXTAUTH_URL: "https://a.example" }),
    ).toMatchObject({ secret: SECRET, publicUrl: "https://b.example" });
  });
});

describe("errors in Howdah's variables", () => {
  it("require a secret of at least 32 characters, never showing it", () => {
    expectConfigError({ LOCAL_DOMAIN: "e.s" }, "HOWDAH_SECRET");
    expect(
      expectConfigError({ LOCAL_DOMAIN: "e.s", HOWDAH_SECRET: "short-secret-value" }, "HOWDAH_SECRET", [
        "short-secret-value",
      ]).message,
    ).toBe("HOWDAH_SECRET must be at least 32 characters long, but it has 18.");
    expectConfigError({ LOCAL_DOMAIN: "e.s", NEXTAUTH_SECRET: "tiny-nextauth" }, "NEXTAUTH_SECRET", ["tiny-nextauth"]);
  });

  it("reject a short metrics token without showing it", () => {
    expectConfigError({ ...base, HOWDAH_METRICS_TOKEN: "tok-123" }, "HOWDAH_METRICS_TOKEN", ["tok-123"]);
  });

  it("name the variable and the bad value for numbers, words and URLs", () => {
    expect(
      expectConfigError({ ...base, HOWDAH_STATEMENT_TIMEOUT_MS: "50" }, "HOWDAH_STATEMENT_TIMEOUT_MS").message,
    ).toBe('HOWDAH_STATEMENT_TIMEOUT_MS must be a whole number between 100 and 600000, got "50".');
    expectConfigError({ ...base, HOWDAH_STATEMENT_TIMEOUT_MS: "5s" }, "HOWDAH_STATEMENT_TIMEOUT_MS");
    expectConfigError({ ...base, HOWDAH_STORE_STATEMENT_TIMEOUT_MS: "0" }, "HOWDAH_STORE_STATEMENT_TIMEOUT_MS");
    expectConfigError({ ...base, HOWDAH_REDIS_COMMAND_TIMEOUT_MS: "never" }, "HOWDAH_REDIS_COMMAND_TIMEOUT_MS");
    expectConfigError({ ...base, HOWDAH_SESSION_MAX_AGE_SECONDS: "1.5" }, "HOWDAH_SESSION_MAX_AGE_SECONDS");
    expectConfigError({ ...base, HOWDAH_SIGNIN_LIMIT_PER_ACCOUNT: "0" }, "HOWDAH_SIGNIN_LIMIT_PER_ACCOUNT");
    expectConfigError({ ...base, HOWDAH_SIGNIN_LIMIT_PER_IP: "-1" }, "HOWDAH_SIGNIN_LIMIT_PER_IP");
    expectConfigError({ ...base, HOWDAH_SIGNIN_LIMIT_WINDOW_SECONDS: "forever" }, "HOWDAH_SIGNIN_LIMIT_WINDOW_SECONDS");
    expectConfigError({ ...base, HOWDAH_SIGNIN_LIMIT_PER_ACCOUNT_TOTAL: "0" }, "HOWDAH_SIGNIN_LIMIT_PER_ACCOUNT_TOTAL");
    expectConfigError({ ...base, HOWDAH_SIGNIN_HASH_THREADS: "0" }, "HOWDAH_SIGNIN_HASH_THREADS");
    expectConfigError({ ...base, HOWDAH_SIGNIN_HASH_QUEUE: "lots" }, "HOWDAH_SIGNIN_HASH_QUEUE");
    expect(
      expectConfigError({ ...base, HOWDAH_TRUSTED_PROXIES: "10.0.0.0/8, nginx.local" }, "HOWDAH_TRUSTED_PROXIES")
        .message,
    ).toBe(
      "HOWDAH_TRUSTED_PROXIES must list IP addresses or CIDR ranges such as 10.0.0.0/8, separated by commas " +
        'or spaces, but "nginx.local" is not one.',
    );
    expectConfigError({ ...base, HOWDAH_TRUSTED_PROXIES: "10.0.0.0/33" }, "HOWDAH_TRUSTED_PROXIES");
    expect(expectConfigError({ ...base, HOWDAH_WORKER_MODE: "both" }, "HOWDAH_WORKER_MODE").message).toBe(
      'HOWDAH_WORKER_MODE must be one of inline, separate, got "both".',
    );
    expectConfigError({ ...base, HOWDAH_URL: "admin.example.social" }, "HOWDAH_URL");
    expectConfigError({ ...base, NEXTAUTH_URL: "ftp://x" }, "NEXTAUTH_URL");
    expectConfigError({ ...base, HOWDAH_REDIS_PREFIX: "how dah*" }, "HOWDAH_REDIS_PREFIX");
  });
});

describe("HOWDAH_ENV_VARS", () => {
  it("are each in the README's table of variables", () => {
    const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
    const rows = readme.split("\n").filter((line) => line.startsWith("| `"));
    for (const v of HOWDAH_ENV_VARS) {
      const first = v.name.split(" ")[0]!;
      expect(
        rows.some((row) => row.includes(`\`${first}\``)),
        first,
      ).toBe(true);
    }
  });

  it("documents every HOWDAH_ variable the settings read", () => {
    const source = ["howdah-settings.ts", "postgres-settings.ts", "redis-settings.ts", "load-config.ts"]
      .map((f) => readFileSync(new URL(`./${f}`, import.meta.url), "utf8").replace(/\/\*\*[\s\S]*?\*\//g, ""))
      .join("\n");
    const read = new Set(
      source.match(/"(HOWDAH_[A-Z_]+|NEXTAUTH_[A-Z_]+|MASTODON_ENV_FILE)"/g)?.map((s) => s.slice(1, -1)),
    );
    const documented = HOWDAH_ENV_VARS.map((v) => v.name).join(" ");
    for (const name of read) expect(documented).toContain(name);
  });
});
