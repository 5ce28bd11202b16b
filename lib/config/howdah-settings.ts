import "server-only";
/**
 * Howdah's own variables. They override anything read from Mastodon's env
 * file. HOWDAH_ENV_VARS below lists each with its default and meaning: the
 * one list the README's table is checked against.
 */
import path from "node:path";
import { parseStatusThresholds } from "@/lib/status/thresholds";
import type { HowdahOwnConfig, PgSettings, RedisSettings, StatusSettings } from "./types";
import { ConfigError, type Env, enumVar, intVar, present, shown } from "./env-values";
import { howdahStore } from "./postgres-settings";
import { howdahRedis } from "./redis-settings";
import { trustedProxies } from "./trusted-proxies";

export interface EnvVarDoc {
  name: string;
  default: string;
  meaning: string;
}

export const HOWDAH_ENV_VARS: readonly EnvVarDoc[] = [
  {
    name: "MASTODON_ENV_FILE",
    default: "(none)",
    meaning: "Path to Mastodon's .env.production; the process environment wins over it",
  },
  {
    name: "HOWDAH_DATABASE_URL",
    default: "Mastodon's primary database",
    meaning: "postgres:// URL of the database holding the `howdah` schema; must name user and database",
  },
  {
    name: "HOWDAH_REDIS_URL",
    default: "Mastodon's main Redis",
    meaning: "redis://, rediss:// or unix:// URL for Howdah's queue and rate limits",
  },
  { name: "HOWDAH_REDIS_PREFIX", default: "howdah", meaning: "Prefix of every key Howdah writes to Redis" },
  {
    name: "HOWDAH_STATEMENT_TIMEOUT_MS",
    default: "5000",
    meaning: "statement_timeout for queries on Mastodon's database (100..600000)",
  },
  {
    name: "HOWDAH_STORE_STATEMENT_TIMEOUT_MS",
    default: "30000, or HOWDAH_STATEMENT_TIMEOUT_MS when larger",
    meaning: "statement_timeout for queries on Howdah's own store (100..600000)",
  },
  {
    name: "HOWDAH_REDIS_COMMAND_TIMEOUT_MS",
    default: "5000",
    meaning: "A Redis command with no reply within this fails, and its connection is replaced (100..600000)",
  },
  {
    name: "HOWDAH_SECRET (or NEXTAUTH_SECRET)",
    default: "(required)",
    meaning: "Signs session cookies; at least 32 characters",
  },
  { name: "HOWDAH_URL (or NEXTAUTH_URL)", default: "http://localhost:3000", meaning: "Public URL Howdah is served at" },
  {
    name: "HOWDAH_SESSION_MAX_AGE_SECONDS",
    default: "28800",
    meaning: "Absolute session lifetime from sign-in; refreshing does not extend it (60..2592000)",
  },
  {
    name: "HOWDAH_WORKER_MODE",
    default: "separate",
    meaning: "`inline` runs the job worker in the web process; `separate` expects `npm run worker`",
  },
  {
    name: "HOWDAH_METRICS_TOKEN",
    default: "(unset: /metrics disabled)",
    meaning: "Bearer token for /metrics; at least 16 characters",
  },
  {
    name: "HOWDAH_SIGNIN_LIMIT_PER_ACCOUNT",
    default: "5",
    meaning: "Failed sign-ins on one account from one address per window (1..1000)",
  },
  {
    name: "HOWDAH_SIGNIN_LIMIT_PER_ACCOUNT_TOTAL",
    default: "20",
    meaning:
      "Failed sign-ins on one account from all addresses per window before only addresses " +
      "that have not failed may try, once each (1..100000)",
  },
  {
    name: "HOWDAH_SIGNIN_LIMIT_PER_IP",
    default: "20",
    meaning: "Failed sign-ins per IP address per window (1..10000)",
  },
  { name: "HOWDAH_SIGNIN_LIMIT_WINDOW_SECONDS", default: "900", meaning: "Length of that window (60..86400)" },
  {
    name: "HOWDAH_SIGNIN_HASH_THREADS",
    default: "1",
    meaning: "Worker threads checking sign-in passwords at once, each up to one core (1..64)",
  },
  {
    name: "HOWDAH_SIGNIN_HASH_QUEUE",
    default: "16",
    meaning: "Sign-ins waiting for a thread; more are turned away as busy (0..10000)",
  },
  {
    name: "HOWDAH_TRUSTED_PROXIES",
    default: "loopback and private ranges",
    meaning:
      "Addresses or CIDR ranges (comma or space separated) whose X-Forwarded-For and X-Real-IP are " +
      "believed, as Mastodon's TRUSTED_PROXY_IP; replaces the default list",
  },
  {
    name: "HOWDAH_PROBE_WEB_URL",
    default: "https://WEB_DOMAIN/health",
    meaning: "Mastodon's web health check, probed for the status page; http:// or https://",
  },
  {
    name: "HOWDAH_PROBE_STREAMING_URL",
    default: "https://WEB_DOMAIN/api/v1/streaming/health",
    meaning: "The streaming server's health check; http:// or https://",
  },
  {
    name: "HOWDAH_PROBE_TIMEOUT_MS",
    default: "5000",
    meaning: "A probe with no answer within this counts as an outage (500..60000)",
  },
  {
    name: "HOWDAH_STATUS_INTERVAL_SECONDS",
    default: "30",
    meaning: "How often the status page's readings are taken (5..3600)",
  },
  {
    name: "HOWDAH_STATUS_THRESHOLDS",
    default: "(built in; see README)",
    meaning: "Overrides of the status page's thresholds, e.g. `ingress=5m/1h,web=3s`",
  },
  {
    name: "HOWDAH_STATUS_SNAPSHOT_FILE",
    default: ".howdah/status-snapshot-DATABASE.json",
    meaning: "Local copy of the status snapshot, served when PostgreSQL and Redis are down",
  },
];

/** The first of `names` that is set, with its name for messages. */
function either(env: Env, names: [string, string]): { name: string; value: string } | null {
  for (const name of names) {
    const value = present(env, name);
    if (value !== undefined) return { name, value };
  }
  return null;
}

function secret(env: Env): string {
  const found = either(env, ["HOWDAH_SECRET", "NEXTAUTH_SECRET"]);
  if (!found) {
    throw new ConfigError(
      "HOWDAH_SECRET",
      "HOWDAH_SECRET (or NEXTAUTH_SECRET) must be set to a random string of at least 32 characters, " +
        "e.g. from `openssl rand -base64 48`.",
    );
  }
  if (found.value.length < 32) {
    // The length only, never the value.
    throw new ConfigError(
      found.name,
      `${found.name} must be at least 32 characters long, but it has ${found.value.length}.`,
    );
  }
  return found.value;
}

function publicUrl(env: Env): string {
  const found = either(env, ["HOWDAH_URL", "NEXTAUTH_URL"]) ?? { name: "HOWDAH_URL", value: "http://localhost:3000" };
  const url = URL.canParse(found.value) ? new URL(found.value) : null;
  if (!url || (url.protocol !== "http:" && url.protocol !== "https:") || url.username || url.password) {
    throw new ConfigError(
      found.name,
      `${found.name} must be an http:// or https:// URL such as https://howdah.example.social, got ${shown(found.value)}.`,
    );
  }
  // No trailing slash, so callers can append "/path".
  return found.value.replace(/\/+$/, "");
}

function metricsToken(env: Env): string | null {
  const token = present(env, "HOWDAH_METRICS_TOKEN");
  if (token === undefined) return null;
  if (token.length < 16) {
    throw new ConfigError(
      "HOWDAH_METRICS_TOKEN",
      `HOWDAH_METRICS_TOKEN must be at least 16 characters long, but it has ${token.length}.`,
    );
  }
  return token;
}

function redisPrefix(env: Env): string {
  const prefix = present(env, "HOWDAH_REDIS_PREFIX") ?? "howdah";
  // Letters, digits and _ . - : only, so it cannot carry spaces or glob characters into KEYS/SCAN patterns.
  if (!/^[A-Za-z0-9_.:-]{1,64}$/.test(prefix)) {
    throw new ConfigError(
      "HOWDAH_REDIS_PREFIX",
      `HOWDAH_REDIS_PREFIX must be 1 to 64 letters, digits or _ . - :, got ${shown(prefix)}.`,
    );
  }
  return prefix;
}

/** A probe URL: http(s) only, since the worker fetches it; a credential in it would end up in logs. */
function probeUrl(env: Env, name: string, fallback: string): string {
  const value = present(env, name)?.trim() ?? fallback;
  const url = URL.canParse(value) ? new URL(value) : null;
  if (url && (url.username || url.password)) {
    // The value is not shown: it holds a credential.
    throw new ConfigError(
      name,
      `${name} must not contain a user name or password; give a plain http:// or https:// URL such as ${fallback}.`,
    );
  }
  if (!url || (url.protocol !== "http:" && url.protocol !== "https:")) {
    throw new ConfigError(name, `${name} must be an http:// or https:// URL such as ${fallback}, got ${shown(value)}.`);
  }
  return url.toString();
}

function statusSettings(env: Env, mastodon: { webDomain: string }, store: PgSettings): StatusSettings {
  return {
    webProbeUrl: probeUrl(env, "HOWDAH_PROBE_WEB_URL", `https://${mastodon.webDomain}/health`),
    streamingProbeUrl: probeUrl(
      env,
      "HOWDAH_PROBE_STREAMING_URL",
      `https://${mastodon.webDomain}/api/v1/streaming/health`,
    ),
    probeTimeoutMs: intVar(env, "HOWDAH_PROBE_TIMEOUT_MS", 5000, 500, 60_000),
    intervalMs: intVar(env, "HOWDAH_STATUS_INTERVAL_SECONDS", 30, 5, 3600) * 1000,
    thresholds: parseStatusThresholds(present(env, "HOWDAH_STATUS_THRESHOLDS")),
    // Resolved from the working directory, as Howdah always runs from its checkout; named after
    // the store's database, so instances run from one checkout (demo, tests) never share a copy.
    snapshotFile: path.resolve(
      /* turbopackIgnore: true */ present(env, "HOWDAH_STATUS_SNAPSHOT_FILE") ??
        `.howdah/status-snapshot-${store.database.replace(/[^\w.-]/g, "_")}.json`,
    ),
  };
}

export function howdahSettings(
  env: Env,
  mastodon: { db: PgSettings; redis: RedisSettings; webDomain: string },
): HowdahOwnConfig {
  const store = howdahStore(env, mastodon.db);
  const statementTimeoutMs = intVar(env, "HOWDAH_STATEMENT_TIMEOUT_MS", 5000, 100, 600_000);
  return {
    store,
    redis: howdahRedis(env, mastodon.redis),
    redisPrefix: redisPrefix(env),
    statementTimeoutMs,
    storeStatementTimeoutMs: intVar(
      env,
      "HOWDAH_STORE_STATEMENT_TIMEOUT_MS",
      Math.max(statementTimeoutMs, 30_000),
      100,
      600_000,
    ),
    redisCommandTimeoutMs: intVar(env, "HOWDAH_REDIS_COMMAND_TIMEOUT_MS", 5000, 100, 600_000),
    secret: secret(env),
    publicUrl: publicUrl(env),
    sessionMaxAgeSeconds: intVar(env, "HOWDAH_SESSION_MAX_AGE_SECONDS", 28_800, 60, 2_592_000),
    workerMode: enumVar(env, "HOWDAH_WORKER_MODE", ["inline", "separate"] as const, "separate"),
    metricsToken: metricsToken(env),
    signInRateLimit: {
      perAccount: intVar(env, "HOWDAH_SIGNIN_LIMIT_PER_ACCOUNT", 5, 1, 1000),
      perAccountTotal: intVar(env, "HOWDAH_SIGNIN_LIMIT_PER_ACCOUNT_TOTAL", 20, 1, 100_000),
      perIp: intVar(env, "HOWDAH_SIGNIN_LIMIT_PER_IP", 20, 1, 10_000),
      windowSeconds: intVar(env, "HOWDAH_SIGNIN_LIMIT_WINDOW_SECONDS", 900, 60, 86_400),
    },
    signInHashing: {
      threads: intVar(env, "HOWDAH_SIGNIN_HASH_THREADS", 1, 1, 64),
      queue: intVar(env, "HOWDAH_SIGNIN_HASH_QUEUE", 16, 0, 10_000),
    },
    trustedProxies: trustedProxies(env),
    status: statusSettings(env, mastodon, store),
  };
}
