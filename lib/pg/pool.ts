import "server-only";
import pg from "pg";
import { pgPoolConfig } from "@/lib/config/to-clients";
import { utcTypes } from "./utc-types";

/**
 * How long past the server's statement_timeout the client waits for an
 * answer. The server cancels a slow query itself at statement_timeout; no
 * answer by then plus this means the server or the network is gone (a frozen
 * server, a partition), not that the query is slow.
 */
export const QUERY_TIMEOUT_GRACE_MS = 1_500;

/** TCP keepalive from this much idle time on, so a peer that vanished is noticed on idle connections too. */
const KEEPALIVE_AFTER_MS = 10_000;

/**
 * A bounded PostgreSQL pool, as every Howdah pool is built: Mastodon's
 * primary and replica (lib/mastodon) and Howdah's own store (lib/store).
 *
 * Every wait is bounded on the client side: connecting (connectionTimeoutMillis,
 * which also bounds the wait for a free connection), and each query
 * (query_timeout, statement_timeout plus a grace). A connection whose query
 * got no answer is never handed out again: it is closed and the pool opens a
 * fresh one, so a partition cannot leave the pool full of dead connections
 * after the network returns.
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
    // ...and the client stops waiting when the server cannot even say so.
    query_timeout: statementTimeoutMs + QUERY_TIMEOUT_GRACE_MS,
    keepAlive: true,
    keepAliveInitialDelayMillis: KEEPALIVE_AFTER_MS,
    application_name: "howdah",
    options: "-c TimeZone=UTC",
    types: utcTypes,
  });
  // An idle client losing its connection must not crash the process; the
  // next query reports the failure to whoever asked.
  pool.on("error", () => undefined);
  // A client that is checked out but between queries (inside a transaction,
  // holding an advisory lock) has no listener of the pool's: a connection
  // reset then would be an uncaught exception that ends the process. Its next
  // query fails instead, and the client is released with that error and closed.
  pool.on("connect", (client) => client.on("error", () => undefined));
  pool.on("release", (error: Error | undefined, client: pg.PoolClient) => {
    if (!error) retireIfStillBusy(client);
  });
  return pool;
}

/** What pg keeps about a client's state; not in its types (pg-pool reads the same fields). */
interface ClientInternals {
  _queryable: boolean;
  _getActiveQuery(): unknown;
}

/**
 * pg gives up on a query at query_timeout but leaves it running on the
 * connection, which then waits for an answer that may never come. pool.query
 * releases such a client with the error, and the pool closes it; a client
 * checked out with connect() (transactions, Prisma's interactive
 * transactions, advisory locks) is usually released without one. Marking it
 * unqueryable here, before the pool decides, makes the pool close it instead
 * of handing it to the next caller. (pool.test.ts fails if pg renames these.)
 */
function retireIfStillBusy(client: pg.PoolClient): void {
  const internals = client as unknown as ClientInternals;
  if (internals._getActiveQuery() != null) internals._queryable = false;
}
