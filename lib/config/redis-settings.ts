import "server-only";
/**
 * Mastodon's three Redis connections, as lib/mastodon/redis_configuration.rb
 * (v4.3+) builds them, each from `<prefix>REDIS_*` with prefix "", SIDEKIQ_ or CACHE_:
 *
 * 1. `<prefix>REDIS_URL` wins over everything else.
 * 2. Else Sentinel, when both `<prefix>REDIS_SENTINEL_MASTER` and
 *    `<prefix>REDIS_SENTINELS` ("host:port,host2") are set; entries without a port
 *    use `<prefix>REDIS_SENTINEL_PORT` (26379). The Sentinel credentials default to
 *    the Redis ones (`<prefix>REDIS_USER` / `_PASSWORD`), as in Mastodon.
 * 3. Else `<prefix>REDIS_HOST` / `_PORT` (6379) / `_DB` (0) / `_USER` / `_PASSWORD`.
 *    Only the main Redis has a default host (localhost); SIDEKIQ_ and CACHE_
 *    with no URL, no complete Sentinel pair and no HOST fall back to the main
 *    Redis as a whole. Their other variables never borrow from REDIS_*.
 */
import type { RedisSettings } from "./types";
import { ConfigError, type Env, parseIntIn, parsePort, portVar, present, shown } from "./env-values";

type Prefix = "" | "SIDEKIQ_" | "CACHE_";

const dbNumber = (variable: string, raw: string, subject = variable) =>
  parseIntIn(variable, raw, 0, 1_000_000, "a Redis database number (0 or more)", subject);

/** Checks a Redis URL without ever echoing it (it usually holds the password). */
export function checkRedisUrl(name: string, url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigError(name, `${name} is not a valid URL (expected redis://user:password@host:6379/0).`);
  }
  if (!["redis:", "rediss:", "unix:"].includes(parsed.protocol)) {
    throw new ConfigError(
      name,
      `${name} must start with redis://, rediss:// or unix://, got ${shown(parsed.protocol + "//")}.`,
    );
  }
  const db = parsed.protocol === "unix:" ? parsed.searchParams.get("db") : parsed.pathname.replace(/^\//, "");
  if (db) dbNumber(name, db, `The database number in ${name}`);
  return url;
}

/** "host:port,[::1]:26380,host3" → addresses; a bare IPv6 address (several colons) takes the default port. */
function parseSentinels(label: string, list: string, defaultPort: number): { host: string; port: number }[] {
  return list
    .split(",")
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "")
    .map((entry) => {
      const match = /^\[(.+)\](?::(.*))?$/.exec(entry) ?? /^([^:]*):([^:]*)$/.exec(entry);
      const host = match ? (match[1] as string) : entry;
      const port = match?.[2];
      if (host === "") throw new ConfigError(label, `${label} has an entry with no host, ${shown(entry)}.`);
      return {
        host,
        port: port === undefined ? defaultPort : parsePort(label, port, `The port of ${shown(entry)} in ${label}`),
      };
    });
}

/** The settings a prefix names on its own, or null when SIDEKIQ_/CACHE_ name nothing and fall back. */
function own(env: Env, prefix: Prefix, defaultHost: string): RedisSettings;
function own(env: Env, prefix: Prefix): RedisSettings | null;
function own(env: Env, prefix: Prefix, defaultHost?: string): RedisSettings | null {
  const name = (suffix: string) => `${prefix}REDIS_${suffix}`;
  const get = (suffix: string) => present(env, name(suffix));

  const url = get("URL");
  if (url !== undefined) return { kind: "url", url: checkRedisUrl(name("URL"), url) };

  const username = get("USER") ?? null;
  const password = get("PASSWORD") ?? null;
  const db = () => {
    const raw = get("DB");
    return raw === undefined ? 0 : dbNumber(name("DB"), raw);
  };

  const masterName = get("SENTINEL_MASTER");
  const list = get("SENTINELS");
  if (masterName !== undefined && list !== undefined) {
    const sentinels = parseSentinels(name("SENTINELS"), list, portVar(env, name("SENTINEL_PORT"), 26379));
    if (sentinels.length > 0) {
      return {
        kind: "sentinel",
        masterName,
        sentinels,
        sentinelUsername: get("SENTINEL_USERNAME") ?? username,
        sentinelPassword: get("SENTINEL_PASSWORD") ?? password,
        db: db(),
        username,
        password,
      };
    }
  }

  const host = get("HOST") ?? defaultHost;
  if (host === undefined) return null;
  return { kind: "host", host, port: portVar(env, name("PORT"), 6379), db: db(), username, password };
}

export interface MastodonRedis {
  redis: RedisSettings;
  sidekiqRedis: RedisSettings;
  cacheRedis: RedisSettings;
  redisNamespace: string | null;
}

export function mastodonRedis(env: Env): MastodonRedis {
  // Only the main Redis has a default host, so only it never falls back.
  const redis = own(env, "", "localhost");
  return {
    redis,
    // The very same object when falling back, so callers can share one client.
    sidekiqRedis: own(env, "SIDEKIQ_") ?? redis,
    cacheRedis: own(env, "CACHE_") ?? redis,
    // Kept as written; lib/mastodon decides whether the running version honours it.
    redisNamespace: present(env, "REDIS_NAMESPACE") ?? null,
  };
}

/** HOWDAH_REDIS_URL, or Mastodon's main Redis. */
export function howdahRedis(env: Env, main: RedisSettings): RedisSettings {
  const url = present(env, "HOWDAH_REDIS_URL");
  return url === undefined ? main : { kind: "url", url: checkRedisUrl("HOWDAH_REDIS_URL", url) };
}
