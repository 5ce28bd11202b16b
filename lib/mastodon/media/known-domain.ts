import "server-only";
import type pg from "pg";

/**
 * Whether Mastodon knows a remote server: a row in the `instances`
 * materialized view (accounts' domains plus every domain block and allow),
 * looked up by its unique index. Used to tell "no media from this server"
 * from "no such server".
 */
export async function isKnownDomain(db: Pick<pg.Pool, "query">, domain: string): Promise<boolean> {
  const { rows } = await db.query("SELECT 1 FROM instances WHERE domain = $1 LIMIT 1", [domain]);
  return rows.length > 0;
}
