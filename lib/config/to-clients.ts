import "server-only";
/**
 * Turns validated settings into client options: a pg.PoolConfig and an ioredis
 * options object. Nothing here reads the environment.
 */
import type pg from "pg";
import type { RedisOptions } from "ioredis";
import type { PgSettings, RedisSettings } from "./types";

/**
 * libpq's sslmode in the terms node-postgres understands. node-postgres either
 * insists on TLS or never asks for it; it cannot "try TLS, then fall back", so:
 *
 * - disable, allow, prefer → no TLS. libpq's prefer would use TLS when the
 *   server offers it, but insisting on it breaks every server without TLS
 *   (Docker's postgres image, most Helm charts), and Mastodon's own
 *   node-postgres client (the streaming server) also connects in plain text
 *   when DB_SSLMODE is unset. A server that refuses plain text says "SSL off";
 *   then set DB_SSLMODE=require in Howdah's environment (it wins over the file).
 * - require → TLS without checking the certificate, as libpq does.
 * - verify-ca → TLS, certificate chain checked, host name not (libpq's meaning).
 * - verify-full → TLS, chain and host name checked.
 * Node checks against its own CA bundle, not libpq's ~/.postgresql/root.crt;
 * a private CA goes in NODE_EXTRA_CA_CERTS.
 * Over a Unix socket libpq never uses TLS, and the server would refuse it, so
 * a socket directory always means no TLS.
 */
function pgSsl(settings: PgSettings): pg.PoolConfig["ssl"] {
  if (settings.host.startsWith("/")) return false;
  switch (settings.sslMode) {
    case "disable":
    case "allow":
    case "prefer":
      return false;
    case "require":
      return { rejectUnauthorized: false };
    case "verify-ca":
      return { rejectUnauthorized: true, checkServerIdentity: () => undefined };
    case "verify-full":
      return true;
  }
}

/** Pool options for one database; `extra` (pool size, timeouts, types…) is applied last. */
export function pgPoolConfig(settings: PgSettings, extra: Partial<pg.PoolConfig> = {}): pg.PoolConfig {
  return {
    // node-postgres treats a host starting with "/" as a socket directory, like libpq.
    host: settings.host,
    port: settings.port,
    database: settings.database,
    user: settings.user,
    // No password rather than "": node-postgres then tries PGPASSWORD and
    // ~/.pgpass, as libpq does for Mastodon's DB_PASS=''.
    ...(settings.password !== "" ? { password: settings.password } : {}),
    ssl: pgSsl(settings),
    connectionTimeoutMillis: 15_000, // as Mastodon's streaming server
    ...extra,
  };
}

const orUndefined = <T>(value: T | null): T | undefined => value ?? undefined;

/**
 * Options for `new Redis(options)` (or BullMQ's `connection`). URLs are taken
 * apart here rather than handed to ioredis, so every kind gives one options
 * object that callers can extend, and `unix://` (accepted by Mastodon's Ruby
 * client, not by ioredis) works too. The URL was checked by loadConfig.
 */
export function ioredisOptions(settings: RedisSettings): RedisOptions {
  switch (settings.kind) {
    case "host":
      return {
        host: settings.host,
        port: settings.port,
        db: settings.db,
        username: orUndefined(settings.username),
        password: orUndefined(settings.password),
      };
    case "sentinel":
      return {
        name: settings.masterName,
        sentinels: settings.sentinels.map(({ host, port }) => ({ host, port })),
        sentinelUsername: orUndefined(settings.sentinelUsername),
        sentinelPassword: orUndefined(settings.sentinelPassword),
        db: settings.db,
        username: orUndefined(settings.username),
        password: orUndefined(settings.password),
      };
    case "url":
      return redisUrlOptions(settings.url);
  }
}

function redisUrlOptions(raw: string): RedisOptions {
  const url = new URL(raw);
  const db = url.protocol === "unix:" ? url.searchParams.get("db") : url.pathname.replace(/^\//, "");
  const options: RedisOptions = db ? { db: Number(db) } : {};
  if (url.username) options.username = decodeURIComponent(url.username);
  if (url.password) options.password = decodeURIComponent(url.password);
  if (url.protocol === "unix:") return { ...options, path: decodeURIComponent(url.pathname) };
  return {
    ...options,
    host: url.hostname.replace(/^\[(.*)\]$/, "$1") || "localhost",
    port: url.port ? Number(url.port) : 6379,
    ...(url.protocol === "rediss:" ? { tls: {} } : {}),
  };
}
