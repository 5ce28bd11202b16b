import { describe, expect, it } from "vitest";
import { ioredisOptions, pgPoolConfig } from "./to-clients";
import type { PgSettings } from "./types";

const db: PgSettings = {
  host: "db",
  port: 5432,
  database: "mastodon_production",
  user: "mastodon",
  password: "pw",
  sslMode: "prefer",
};

describe("pgPoolConfig", () => {
  it("passes the connection settings and applies extra options last", () => {
    expect(pgPoolConfig(db, { max: 3, connectionTimeoutMillis: 1000 })).toEqual({
      host: "db",
      port: 5432,
      database: "mastodon_production",
      user: "mastodon",
      password: "pw",
      ssl: false,
      connectionTimeoutMillis: 1000,
      max: 3,
    });
  });

  it("leaves out an empty password so node-postgres can use PGPASSWORD or ~/.pgpass", () => {
    expect(pgPoolConfig({ ...db, password: "" })).not.toHaveProperty("password");
  });

  it("maps sslmode to what node-postgres can express", () => {
    const ssl = (sslMode: PgSettings["sslMode"]) => pgPoolConfig({ ...db, sslMode }).ssl;
    expect(ssl("disable")).toBe(false);
    expect(ssl("allow")).toBe(false);
    expect(ssl("prefer")).toBe(false);
    expect(ssl("require")).toEqual({ rejectUnauthorized: false });
    expect(ssl("verify-ca")).toMatchObject({ rejectUnauthorized: true });
    expect((ssl("verify-ca") as { checkServerIdentity: () => unknown }).checkServerIdentity()).toBeUndefined();
    expect(ssl("verify-full")).toBe(true);
  });

  it("never asks for TLS over a Unix socket", () => {
    expect(pgPoolConfig({ ...db, host: "/var/run/postgresql", sslMode: "require" })).toMatchObject({
      host: "/var/run/postgresql",
      ssl: false,
    });
  });
});

describe("ioredisOptions", () => {
  it("handles host settings, leaving out absent credentials", () => {
    expect(ioredisOptions({ kind: "host", host: "r", port: 6380, db: 2, username: null, password: "p" })).toEqual({
      host: "r",
      port: 6380,
      db: 2,
      username: undefined,
      password: "p",
    });
  });

  it("handles Sentinel settings", () => {
    expect(
      ioredisOptions({
        kind: "sentinel",
        masterName: "m",
        sentinels: [{ host: "s1", port: 26379 }],
        sentinelUsername: null,
        sentinelPassword: "sp",
        db: 1,
        username: "u",
        password: "p",
      }),
    ).toEqual({
      name: "m",
      sentinels: [{ host: "s1", port: 26379 }],
      sentinelUsername: undefined,
      sentinelPassword: "sp",
      db: 1,
      username: "u",
      password: "p",
    });
  });

  it("takes redis://, rediss:// and unix:// URLs apart", () => {
    expect(ioredisOptions({ kind: "url", url: "redis://user:p%40ss@cache.internal:6390/4" })).toEqual({
      host: "cache.internal",
      port: 6390,
      db: 4,
      username: "user",
      password: "p@ss",
    });
    expect(ioredisOptions({ kind: "url", url: "rediss://:pw@[::1]" })).toEqual({
      host: "::1",
      port: 6379,
      password: "pw",
      tls: {},
    });
    expect(ioredisOptions({ kind: "url", url: "redis://localhost" })).toEqual({ host: "localhost", port: 6379 });
    expect(ioredisOptions({ kind: "url", url: "unix:///var/run/redis/redis.sock?db=3" })).toEqual({
      path: "/var/run/redis/redis.sock",
      db: 3,
    });
  });
});
