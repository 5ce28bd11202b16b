import "server-only";
/**
 * Mastodon's PostgreSQL settings, as config/database.yml (production) and
 * Rails build them:
 *
 * - primary: DB_HOST (localhost; may be a socket directory), DB_PORT (5432),
 *   DB_NAME (mastodon_production), DB_USER (mastodon), DB_PASS (''), DB_SSLMODE (prefer);
 *   then Rails merges PRIMARY_DATABASE_URL, or else DATABASE_URL, over them:
 *   whatever the URL names wins, whatever it leaves out keeps its DB_* value.
 * - replica: each REPLICA_DB_* falls back to its DB_* counterpart (sslmode is
 *   DB_SSLMODE; there is no REPLICA_DB_SSLMODE); then REPLICA_DATABASE_URL is
 *   merged over that. DATABASE_URL is NOT applied to the replica: Rails merges
 *   it into the config named "primary" only.
 * - the replica exists only if REPLICA_DB_NAME, REPLICA_DB_HOST or
 *   REPLICA_DATABASE_URL is set (app/helpers/database_helper.rb).
 */
import type { PgSettings } from "./types";
import { ConfigError, type Env, parsePort, portVar, present, shown } from "./env-values";

const SSL_MODES = ["disable", "allow", "prefer", "require", "verify-ca", "verify-full"] as const;
type SslMode = PgSettings["sslMode"];

function sslMode(variable: string, raw: string, subject = variable): SslMode {
  const mode = SSL_MODES.find((m) => m === raw.trim());
  if (mode) return mode;
  throw new ConfigError(variable, `${subject} must be one of ${SSL_MODES.join(", ")}, got ${shown(raw)}.`);
}

/** The DB_* settings (prefix "" or "REPLICA_", each replica value falling back to the primary's). */
function fromParts(env: Env, prefix: "" | "REPLICA_"): PgSettings {
  const pick = (name: string) => present(env, `${prefix}${name}`) ?? present(env, name);
  // Validate whichever port variable is actually used, so the message names it.
  const portName = present(env, `${prefix}DB_PORT`) !== undefined ? `${prefix}DB_PORT` : "DB_PORT";
  return {
    host: pick("DB_HOST") ?? "localhost",
    port: portVar(env, portName, 5432),
    database: pick("DB_NAME") ?? "mastodon_production",
    user: pick("DB_USER") ?? "mastodon",
    password: pick("DB_PASS") ?? "",
    sslMode: sslMode("DB_SSLMODE", present(env, "DB_SSLMODE") ?? "prefer"),
  };
}

/**
 * The parts a postgres:// URL names. As in Rails, query parameters (`?host=`,
 * `?sslmode=`…) win over the URL's own parts, and empty parts are left out so
 * the base settings show through. `name` is the variable, for messages; the URL
 * itself never appears in one because it may hold a password.
 */
export function parsePostgresUrl(name: string, url: string): Partial<PgSettings> {
  let parsed: URL;
  try {
    // WHATWG URL rejects "postgres://user@/db" (credentials, no host); libpq
    // allows it (socket or ?host=), so retry with a placeholder host.
    parsed = tryUrl(url) ?? new URL(url.replace("@/", "@howdah-no-host.invalid/"));
  } catch {
    throw new ConfigError(name, `${name} is not a valid URL (expected postgres://user:password@host:5432/database).`);
  }
  if (parsed.protocol !== "postgres:" && parsed.protocol !== "postgresql:") {
    throw new ConfigError(
      name,
      `${name} must start with postgres:// or postgresql://, got ${shown(parsed.protocol + "//")}.`,
    );
  }
  const decode = (part: string) => {
    try {
      return decodeURIComponent(part);
    } catch {
      throw new ConfigError(name, `${name} contains a malformed %-escape.`);
    }
  };
  const q = parsed.searchParams;
  const host = parsed.hostname === "howdah-no-host.invalid" ? "" : parsed.hostname.replace(/^\[(.*)\]$/, "$1");
  const out: Partial<PgSettings> = {};
  const set = <K extends keyof PgSettings>(key: K, value: PgSettings[K] | null | undefined | "") => {
    if (value !== null && value !== undefined && value !== "") out[key] = value;
  };
  set("host", q.get("host") ?? decode(host)); // %2Fvar%2Frun%2Fpostgresql is a socket directory
  const port = q.get("port") || parsed.port;
  if (port) set("port", parsePort(name, port, `The port in ${name}`));
  set("database", q.get("dbname") ?? decode(parsed.pathname.replace(/^\//, "")));
  set("user", q.get("user") ?? decode(parsed.username));
  set("password", q.get("password") ?? decode(parsed.password));
  const mode = q.get("sslmode");
  if (mode) set("sslMode", sslMode(name, mode, `The sslmode in ${name}`));
  return out;
}

function tryUrl(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

function withUrl(env: Env, base: PgSettings, names: string[]): PgSettings {
  for (const name of names) {
    const url = present(env, name);
    if (url !== undefined) return { ...base, ...parsePostgresUrl(name, url) };
  }
  return base;
}

export function mastodonPrimary(env: Env): PgSettings {
  // Rails looks for PRIMARY_DATABASE_URL first, then DATABASE_URL.
  return withUrl(env, fromParts(env, ""), ["PRIMARY_DATABASE_URL", "DATABASE_URL"]);
}

export function mastodonReplica(env: Env): PgSettings | null {
  const enabled = ["REPLICA_DB_NAME", "REPLICA_DB_HOST", "REPLICA_DATABASE_URL"].some((n) => present(env, n));
  return enabled ? withUrl(env, fromParts(env, "REPLICA_"), ["REPLICA_DATABASE_URL"]) : null;
}

/**
 * HOWDAH_DATABASE_URL stands alone: it is not merged over Mastodon's DB_*
 * settings, so Mastodon's password is never offered to another server. It
 * must name a user and a database; host defaults to localhost, port 5432.
 */
export function howdahStore(env: Env, mastodonDb: PgSettings): PgSettings {
  const url = present(env, "HOWDAH_DATABASE_URL");
  if (url === undefined) return mastodonDb;
  const parts = parsePostgresUrl("HOWDAH_DATABASE_URL", url);
  if (!parts.user || !parts.database) {
    throw new ConfigError(
      "HOWDAH_DATABASE_URL",
      "HOWDAH_DATABASE_URL must name both a user and a database, as in postgres://howdah:password@localhost:5432/howdah.",
    );
  }
  return {
    host: "localhost",
    port: 5432,
    password: "",
    sslMode: "prefer",
    ...parts,
    user: parts.user,
    database: parts.database,
  };
}
