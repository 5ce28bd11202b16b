import type pg from "pg";

/**
 * The keys of Howdah's own rows, taken before the fault-injection suite and
 * compared after it: a row that existed before and is gone after was lost.
 * Only tables whose rows nothing deletes within minutes are compared (the
 * sign-in throttle expires, the snapshot is replaced, rollups rewrite theirs).
 */
const KEPT_TABLES = [
  "audit_log",
  "incidents",
  "incident_updates",
  "status_samples",
  "sidekiq_samples",
  "sidekiq_queue_samples",
  "instance_samples",
  "queue_alert_settings",
  "queue_latency_thresholds",
] as const;

export type StoreKeys = Record<string, Set<string>>;

async function primaryKey(db: pg.Pool, table: string): Promise<string[]> {
  const { rows } = await db.query<{ column: string }>(
    `SELECT a.attname AS column
       FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
      WHERE i.indrelid = $1::regclass AND i.indisprimary ORDER BY a.attnum`,
    [`howdah.${table}`],
  );
  return rows.map((r) => r.column);
}

export async function storeKeys(db: pg.Pool): Promise<StoreKeys> {
  const keys: StoreKeys = {};
  for (const table of KEPT_TABLES) {
    const columns = await primaryKey(db, table);
    const key = columns.length ? columns.map((c) => `"${c}"::text`).join(" || '|' || ") : "t::text";
    const { rows } = await db.query<{ key: string }>(`SELECT ${key} AS key FROM howdah."${table}" t`);
    keys[table] = new Set(rows.map((r) => r.key));
  }
  return keys;
}

/** "table: key" for each row present in `before` and missing now. */
export async function missingStoreRows(db: pg.Pool, before: StoreKeys): Promise<string[]> {
  const now = await storeKeys(db);
  return Object.entries(before).flatMap(([table, keys]) =>
    [...keys].filter((k) => !now[table]!.has(k)).map((k) => `${table}: ${k}`),
  );
}
