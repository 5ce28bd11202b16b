import "server-only";
import type pg from "pg";

/**
 * Runs `work` on one pooled connection inside BEGIN … COMMIT, rolling back
 * when it throws: the only way Howdah writes several rows that must land
 * together, in Mastodon's database or its own store.
 */
export async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    const result = await work(client);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
