import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./load-config";

const base = { LOCAL_DOMAIN: "example.social", HOWDAH_SECRET: "x".repeat(40) };
const load = (env: Record<string, string>) => loadConfig({ ...base, ...env });

function configError(env: Record<string, string>): ConfigError {
  try {
    load(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error("expected a ConfigError");
}

describe("Mastodon's primary database", () => {
  it("uses Mastodon's production defaults", () => {
    expect(load({}).mastodon.db).toEqual({
      host: "localhost",
      port: 5432,
      database: "mastodon_production",
      user: "mastodon",
      password: "",
      sslMode: "prefer",
    });
  });

  it("reads DB_*, including a socket directory as DB_HOST", () => {
    const db = load({
      DB_HOST: "/var/run/postgresql",
      DB_PORT: "5433",
      DB_NAME: "m",
      DB_USER: "u",
      DB_PASS: "pw",
      DB_SSLMODE: "require",
    }).mastodon.db;
    expect(db).toEqual({
      host: "/var/run/postgresql",
      port: 5433,
      database: "m",
      user: "u",
      password: "pw",
      sslMode: "require",
    });
  });

  it("merges DATABASE_URL over DB_*: the URL's parts win, the rest keep their DB_* values", () => {
    const db = load({
      DB_HOST: "dbhost",
      DB_NAME: "from_parts",
      DB_PASS: "parts-pw",
      DB_SSLMODE: "verify-full",
      DATABASE_URL: "postgres://urluser@urlhost:6543/urldb",
    }).mastodon.db;
    expect(db).toEqual({
      host: "urlhost",
      port: 6543,
      database: "urldb",
      user: "urluser",
      password: "parts-pw",
      sslMode: "verify-full",
    });
  });

  it("takes password and sslmode from the URL, and query parameters over the URL's own parts", () => {
    const db = load({
      DB_PASS: "parts",
      DATABASE_URL: "postgresql://u:p%40ss@ignored/db?host=/run/postgresql&sslmode=disable&port=5434",
    }).mastodon.db;
    expect(db).toMatchObject({
      host: "/run/postgresql",
      port: 5434,
      password: "p@ss",
      sslMode: "disable",
      database: "db",
    });
  });

  it("accepts a %-encoded socket directory and a URL with credentials but no host", () => {
    expect(load({ DATABASE_URL: "postgres://%2Fvar%2Frun%2Fpostgresql/mastodon" }).mastodon.db.host).toBe(
      "/var/run/postgresql",
    );
    expect(load({ DB_HOST: "/sock", DATABASE_URL: "postgres://u:p@/mastodon" }).mastodon.db).toMatchObject({
      host: "/sock",
      user: "u",
      database: "mastodon",
    });
  });

  it("prefers PRIMARY_DATABASE_URL over DATABASE_URL, as Rails does", () => {
    expect(
      load({ DATABASE_URL: "postgres://a/one", PRIMARY_DATABASE_URL: "postgres://b/two" }).mastodon.db,
    ).toMatchObject({ host: "b", database: "two" });
  });
});

describe("the read replica", () => {
  it("is off unless REPLICA_DB_NAME, REPLICA_DB_HOST or REPLICA_DATABASE_URL is set", () => {
    expect(load({ REPLICA_DB_USER: "ro", REPLICA_DB_PORT: "5439" }).mastodon.replica).toBeNull();
    expect(load({ REPLICA_DB_NAME: "x" }).mastodon.replica).not.toBeNull();
    expect(load({ REPLICA_DB_HOST: "x" }).mastodon.replica).not.toBeNull();
    expect(load({ REPLICA_DATABASE_URL: "postgres://x/y" }).mastodon.replica).not.toBeNull();
  });

  it("falls back to each DB_* counterpart, and shares DB_SSLMODE", () => {
    const replica = load({
      DB_HOST: "primary",
      DB_PORT: "5433",
      DB_NAME: "m",
      DB_USER: "u",
      DB_PASS: "pw",
      DB_SSLMODE: "require",
      REPLICA_DB_HOST: "replica",
    }).mastodon.replica;
    expect(replica).toEqual({
      host: "replica",
      port: 5433,
      database: "m",
      user: "u",
      password: "pw",
      sslMode: "require",
    });
  });

  it("uses its own REPLICA_DB_* values over the primary's", () => {
    const replica = load({
      DB_USER: "u",
      REPLICA_DB_HOST: "r",
      REPLICA_DB_PORT: "6000",
      REPLICA_DB_USER: "ro",
      REPLICA_DB_PASS: "ro-pw",
      REPLICA_DB_NAME: "rn",
    }).mastodon.replica;
    expect(replica).toMatchObject({ host: "r", port: 6000, user: "ro", password: "ro-pw", database: "rn" });
  });

  it("merges REPLICA_DATABASE_URL, but never DATABASE_URL (Rails applies that to the primary only)", () => {
    const config = load({
      DB_NAME: "parts",
      DATABASE_URL: "postgres://p@primary/pdb",
      REPLICA_DATABASE_URL: "postgres://replica",
    });
    expect(config.mastodon.replica).toMatchObject({ host: "replica", database: "parts", user: "mastodon" });
    expect(config.mastodon.db).toMatchObject({ host: "primary", database: "pdb" });
  });
});

describe("database errors", () => {
  it("names DB_PORT and shows the bad value", () => {
    const error = configError({ DB_PORT: "abc" });
    expect(error.variable).toBe("DB_PORT");
    expect(error.message).toBe('DB_PORT must be a port number between 1 and 65535, got "abc".');
    expect(configError({ REPLICA_DB_HOST: "r", REPLICA_DB_PORT: "70000" }).message).toContain("REPLICA_DB_PORT");
  });

  it("rejects an unknown DB_SSLMODE", () => {
    expect(configError({ DB_SSLMODE: "no-verify" }).message).toBe(
      'DB_SSLMODE must be one of disable, allow, prefer, require, verify-ca, verify-full, got "no-verify".',
    );
  });

  it("never shows a database URL, which holds the password", () => {
    for (const url of [
      "postgres://u:hunter2secret@host:99999/db",
      "mysql://u:hunter2secret@host/db",
      "postgres://u:hunter2secret@host/db?sslmode=bogus",
    ]) {
      const error = configError({ DATABASE_URL: url });
      expect(error.message).toContain("DATABASE_URL");
      expect(error.message).not.toContain("hunter2secret");
    }
  });

  it("requires HOWDAH_DATABASE_URL to name a user and a database", () => {
    const error = configError({ HOWDAH_DATABASE_URL: "postgres://:pw-secret-1@host/" });
    expect(error.variable).toBe("HOWDAH_DATABASE_URL");
    expect(error.message).not.toContain("pw-secret-1");
  });
});
