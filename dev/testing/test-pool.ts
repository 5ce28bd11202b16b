import pg from "pg";

/**
 * A pg pool for tests that talk to a throwaway database directly.
 *
 * `pool.end()` resolves once the sockets are closed on our side, which can be
 * before the server's backends have exited; dropping the database right after
 * (dropMastodonDatabase terminates what is still connected) then makes an
 * ending client receive "terminating connection due to administrator command".
 * A pool with no "error" listener rethrows that as an uncaught exception and
 * fails the run, so the listener is attached here, as createPgPool does for
 * Howdah's own pools.
 */
export function testPool(connectionString: string, max = 2): pg.Pool {
  const pool = new pg.Pool({ connectionString, max });
  pool.on("error", () => undefined);
  return pool;
}
