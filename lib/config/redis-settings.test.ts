import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./load-config";

const base = { LOCAL_DOMAIN: "example.social", HOWDAH_SECRET: "x".repeat(40) };
const mastodon = (env: Record<string, string>) => loadConfig({ ...base, ...env }).mastodon;

function configError(env: Record<string, string>): ConfigError {
  try {
    mastodon(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error("expected a ConfigError");
}

describe("Mastodon's main Redis", () => {
  it("defaults to localhost:6379, database 0, no credentials", () => {
    expect(mastodon({}).redis).toEqual({
      kind: "host",
      host: "localhost",
      port: 6379,
      db: 0,
      username: null,
      password: null,
    });
  });

  it("reads REDIS_HOST/PORT/DB/USER/PASSWORD", () => {
    expect(
      mastodon({ REDIS_HOST: "r", REDIS_PORT: "6380", REDIS_DB: "2", REDIS_USER: "u", REDIS_PASSWORD: "p" }).redis,
    ).toEqual({
      kind: "host",
      host: "r",
      port: 6380,
      db: 2,
      username: "u",
      password: "p",
    });
  });

  it("lets REDIS_URL win over every other REDIS_* variable, Sentinel included", () => {
    const redis = mastodon({
      REDIS_URL: "redis://:pw@url-host:6390/3",
      REDIS_HOST: "h",
      REDIS_SENTINEL_MASTER: "m",
      REDIS_SENTINELS: "s1",
    }).redis;
    expect(redis).toEqual({ kind: "url", url: "redis://:pw@url-host:6390/3" });
  });

  it("uses Sentinel when both the master name and the sentinel list are set", () => {
    const redis = mastodon({
      REDIS_HOST: "ignored",
      REDIS_SENTINEL_MASTER: "mymaster",
      REDIS_SENTINELS: "s1:26380, s2,[::1]:26381,",
      REDIS_SENTINEL_PORT: "26390",
      REDIS_DB: "1",
      REDIS_USER: "u",
      REDIS_PASSWORD: "p",
    }).redis;
    expect(redis).toEqual({
      kind: "sentinel",
      masterName: "mymaster",
      sentinels: [
        { host: "s1", port: 26380 },
        { host: "s2", port: 26390 },
        { host: "::1", port: 26381 },
      ],
      // Mastodon's Sentinel credentials default to the Redis ones.
      sentinelUsername: "u",
      sentinelPassword: "p",
      db: 1,
      username: "u",
      password: "p",
    });
  });

  it("defaults the sentinel port to 26379 and honours separate Sentinel credentials", () => {
    const redis = mastodon({
      REDIS_SENTINEL_MASTER: "m",
      REDIS_SENTINELS: "s1",
      REDIS_SENTINEL_USERNAME: "su",
      REDIS_SENTINEL_PASSWORD: "sp",
      REDIS_PASSWORD: "p",
    }).redis;
    expect(redis).toMatchObject({
      sentinels: [{ host: "s1", port: 26379 }],
      sentinelUsername: "su",
      sentinelPassword: "sp",
      username: null,
      password: "p",
    });
  });

  it("ignores half a Sentinel configuration, as Mastodon does", () => {
    expect(mastodon({ REDIS_SENTINEL_MASTER: "m", REDIS_HOST: "h" }).redis).toMatchObject({ kind: "host", host: "h" });
    expect(mastodon({ REDIS_SENTINELS: "s1" }).redis).toMatchObject({ kind: "host", host: "localhost" });
  });

  it("keeps REDIS_NAMESPACE as written, or null", () => {
    expect(mastodon({ REDIS_NAMESPACE: "mastodon" }).redisNamespace).toBe("mastodon");
    expect(mastodon({}).redisNamespace).toBeNull();
  });
});

describe("Sidekiq's and the cache's Redis", () => {
  it("fall back to the very same main settings when neither URL, HOST nor Sentinel is set", () => {
    const config = mastodon({
      REDIS_HOST: "main",
      SIDEKIQ_REDIS_PORT: "7000",
      SIDEKIQ_REDIS_PASSWORD: "x",
      CACHE_REDIS_DB: "4",
    });
    expect(config.sidekiqRedis).toBe(config.redis);
    expect(config.cacheRedis).toBe(config.redis);
  });

  it("use their own HOST with their own PORT/DB/credentials, never borrowing REDIS_*", () => {
    const config = mastodon({
      REDIS_PORT: "6380",
      REDIS_PASSWORD: "main-pw",
      SIDEKIQ_REDIS_HOST: "sk",
      CACHE_REDIS_HOST: "c",
      CACHE_REDIS_DB: "5",
      CACHE_REDIS_PASSWORD: "cp",
    });
    expect(config.sidekiqRedis).toEqual({
      kind: "host",
      host: "sk",
      port: 6379,
      db: 0,
      username: null,
      password: null,
    });
    expect(config.cacheRedis).toEqual({ kind: "host", host: "c", port: 6379, db: 5, username: null, password: "cp" });
  });

  it("use their own URL even when the main Redis is a URL too", () => {
    const config = mastodon({ REDIS_URL: "redis://main", SIDEKIQ_REDIS_URL: "redis://sidekiq/1" });
    expect(config.sidekiqRedis).toEqual({ kind: "url", url: "redis://sidekiq/1" });
    expect(config.cacheRedis).toEqual({ kind: "url", url: "redis://main" });
  });

  it("use their own Sentinel configuration", () => {
    const config = mastodon({
      SIDEKIQ_REDIS_SENTINEL_MASTER: "skm",
      SIDEKIQ_REDIS_SENTINELS: "a:1,b",
      SIDEKIQ_REDIS_SENTINEL_PORT: "2",
    });
    expect(config.sidekiqRedis).toMatchObject({
      kind: "sentinel",
      masterName: "skm",
      sentinels: [
        { host: "a", port: 1 },
        { host: "b", port: 2 },
      ],
    });
    expect(config.cacheRedis).toBe(config.redis);
  });
});

describe("Redis errors", () => {
  it("name the variable and the bad value", () => {
    expect(configError({ REDIS_PORT: "six" }).message).toBe(
      'REDIS_PORT must be a port number between 1 and 65535, got "six".',
    );
    expect(configError({ CACHE_REDIS_HOST: "c", CACHE_REDIS_DB: "-1" }).variable).toBe("CACHE_REDIS_DB");
    expect(configError({ REDIS_SENTINEL_MASTER: "m", REDIS_SENTINELS: "s1:x" }).message).toContain("REDIS_SENTINELS");
    expect(
      configError({
        SIDEKIQ_REDIS_SENTINEL_MASTER: "m",
        SIDEKIQ_REDIS_SENTINELS: "s1",
        SIDEKIQ_REDIS_SENTINEL_PORT: "0",
      }).variable,
    ).toBe("SIDEKIQ_REDIS_SENTINEL_PORT");
  });

  it("never show a Redis URL, which holds the password", () => {
    for (const [name, url] of [
      ["REDIS_URL", "http://:topsecret99@h"],
      ["SIDEKIQ_REDIS_URL", "redis://:topsecret99@h/x"],
      ["HOWDAH_REDIS_URL", "not a url topsecret99"],
    ] as const) {
      const error = configError({ [name]: url });
      expect(error.variable).toBe(name);
      expect(error.message).toContain(name);
      expect(error.message).not.toContain("topsecret99");
    }
  });
});
