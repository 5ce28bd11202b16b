import "server-only";
import type { Store } from "./connection";

/** The capacity of the disk or bucket that holds the media (howdah.storage_settings, one row). */
export interface StoredCapacity {
  capacityBytes: number | null;
  includesDatabase: boolean;
  updatedAt: Date | null;
  updatedBy: string | null;
}

export async function readStorageCapacity(store: Store): Promise<StoredCapacity> {
  const { rows } = await store.pool.query<{
    capacity_bytes: string | null;
    includes_database: boolean;
    updated_at: Date;
    updated_by: string | null;
  }>("SELECT capacity_bytes::text, includes_database, updated_at, updated_by FROM howdah.storage_settings WHERE id");
  const row = rows[0];
  return {
    capacityBytes: row?.capacity_bytes ? Number(row.capacity_bytes) : null,
    includesDatabase: row?.includes_database ?? false,
    updatedAt: row?.updated_at ?? null,
    updatedBy: row?.updated_by ?? null,
  };
}

export async function writeStorageCapacity(
  store: Store,
  setting: { capacityBytes: number | null; includesDatabase: boolean; updatedBy: string },
): Promise<void> {
  await store.pool.query(
    `INSERT INTO howdah.storage_settings (id, capacity_bytes, includes_database, updated_at, updated_by)
     VALUES (true, $1, $2, now(), $3)
     ON CONFLICT (id) DO UPDATE SET capacity_bytes = EXCLUDED.capacity_bytes,
       includes_database = EXCLUDED.includes_database, updated_at = EXCLUDED.updated_at,
       updated_by = EXCLUDED.updated_by`,
    [setting.capacityBytes, setting.includesDatabase, setting.updatedBy],
  );
}
