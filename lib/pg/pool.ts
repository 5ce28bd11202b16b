import "server-only";
import pg from "pg";
import { pgPoolConfig } from "@/lib/config/to-clients";
import { utcTypes } from "./utc-types";

/**
 * A bounded PostgreSQL pool, as every Howdah pool is built: Mastodon's
 * primary and replica (lib/mastodon) and Howdah's own store (lib/store).
 */
export function createPgPool(
  settings: Parameters<typeof pgPoolConfig>[0],
  statementTimeoutMs: number,
  max: number,
): pg.Pool {
  const pool = new pg.Pool({
    ...pgPoolConfig(settings),
    max,
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: 3_000,
    // Every query Howdah sends to Mastodon's database is bounded, so the
    // dashboard can never be what slows the instance down.
    statement_timeout: statementTimeoutMs,
    application_name: "howdah",
    options: "-c TimeZone=UTC",
    types: utcTypes,
  });
  // An idle client losing its connection must not crash the process; the
  // next query reports the failure to whoever asked.
  pool.on("error", () => undefined);
  return pool;
}
