import "server-only";
import type pg from "pg";

/**
 * The domain of each account id in ONE query (accounts.domain; NULL means a
 * local account). Ids stay decimal strings: snowflake ids exceed 2^53.
 * Callers bound the list (a breakdown sample is at most a thousand jobs).
 */
export async function accountDomains(readDb: pg.Pool, ids: readonly string[]): Promise<Map<string, string | null>> {
  const unique = [...new Set(ids.filter((id) => /^\d{1,19}$/.test(id)))];
  if (unique.length === 0) return new Map();
  const { rows } = await readDb.query<{ id: string; domain: string | null }>(
    "SELECT id::text AS id, domain FROM accounts WHERE id = ANY($1::bigint[])",
    [unique],
  );
  return new Map(rows.map((r) => [r.id, r.domain]));
}
