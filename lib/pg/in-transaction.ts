import "server-only";
import type pg from "pg";

/**
 * Runs `work` on one pooled connection inside BEGIN … COMMIT, rolling back
 * when it throws: the only way Howdah writes several rows that must land
 * together, in Mastodon's database or its own store. A connection whose
 * query got no answer, or that cannot roll back, is released with the error,
 * so the pool closes it rather than handing out a connection in an unknown
 * state.
 */
export async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query("BEGIN");
    const result = await work(client);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    // After a query timeout the server is not answering: a ROLLBACK would only wait as long again.
    if (isQueryTimeout(error)) broken = error as Error;
    else await client.query("ROLLBACK").catch((rollbackError: Error) => (broken = rollbackError));
    throw error;
  } finally {
    client.release(broken);
  }
}

/** pg's client-side query_timeout (lib/pg/pool.ts) firing. */
export function isQueryTimeout(error: unknown): boolean {
  return error instanceof Error && error.message === "Query read timeout";
}
