import "server-only";
import type { Store } from "./connection";

/**
 * The worker's samples of what is held (howdah.storage_services: PostgreSQL's
 * size and Redis memory, one row) and one snapshot per UTC day of the
 * rollups' totals (howdah.storage_snapshots). Every run rewrites today's
 * snapshot, so each day keeps its last value; the daily reconcile adds the
 * bytes it saw go.
 */
export interface ServiceSizes {
  databaseBytes: number | null;
  redisBytes: number | null;
  redisLabel: string | null;
  sampledAt: Date;
}

/** Stores the sizes; a service that could not be read (null) keeps its last value. */
export async function writeServiceSizes(store: Store, sizes: ServiceSizes): Promise<void> {
  await store.pool.query(
    `INSERT INTO howdah.storage_services (id, database_bytes, redis_bytes, redis_label, sampled_at)
     VALUES (true, $1, $2, $3, $4)
     ON CONFLICT (id) DO UPDATE
       SET database_bytes = COALESCE(EXCLUDED.database_bytes, howdah.storage_services.database_bytes),
       redis_bytes = COALESCE(EXCLUDED.redis_bytes, howdah.storage_services.redis_bytes),
       redis_label = COALESCE(EXCLUDED.redis_label, howdah.storage_services.redis_label),
       sampled_at = EXCLUDED.sampled_at`,
    [sizes.databaseBytes, sizes.redisBytes, sizes.redisLabel, sizes.sampledAt],
  );
}

export async function readServiceSizes(store: Store): Promise<ServiceSizes | null> {
  const { rows } = await store.pool.query<{
    database_bytes: string | null;
    redis_bytes: string | null;
    redis_label: string | null;
    sampled_at: Date;
  }>("SELECT database_bytes::text, redis_bytes::text, redis_label, sampled_at FROM howdah.storage_services WHERE id");
  const r = rows[0];
  if (!r) return null;
  return {
    databaseBytes: r.database_bytes === null ? null : Number(r.database_bytes),
    redisBytes: r.redis_bytes === null ? null : Number(r.redis_bytes),
    redisLabel: r.redis_label,
    sampledAt: r.sampled_at,
  };
}

/** Whether every counted table has finished its first backfill. */
export async function backfillComplete(store: Store): Promise<boolean> {
  const { rows } = await store.pool.query<{ pending: string }>(
    `SELECT count(*)::text AS pending FROM howdah.storage_sources
      WHERE first_completed_at IS NULL
        AND source IN ('media_attachments', 'accounts', 'custom_emojis', 'preview_cards')`,
  );
  const { rows: known } = await store.pool.query<{ n: string }>(
    `SELECT count(*)::text AS n FROM howdah.storage_sources
      WHERE source IN ('media_attachments', 'accounts', 'custom_emojis', 'preview_cards')`,
  );
  return Number(known[0]!.n) === 4 && Number(rows[0]!.pending) === 0;
}

/** Rewrites the snapshot of UTC day `day` from the totals, adding `freedBytes` to what it had seen go. */
export async function writeSnapshot(
  store: Store,
  snapshot: { day: string; now: Date; freedBytes: number; complete: boolean },
): Promise<void> {
  await store.pool.query(
    `INSERT INTO howdah.storage_snapshots AS s
       (day, taken_at, media_bytes, local_bytes, remote_bytes, database_bytes, redis_bytes, freed_bytes, complete,
        by_kind)
     SELECT $1::date, $2, COALESCE(sum(t.bytes), 0), COALESCE(sum(t.bytes) FILTER (WHERE t.origin = 'local'), 0),
            COALESCE(sum(t.bytes) FILTER (WHERE t.origin = 'remote'), 0),
            (SELECT database_bytes FROM howdah.storage_services WHERE id),
            (SELECT redis_bytes FROM howdah.storage_services WHERE id),
            $3, $4,
            COALESCE(jsonb_object_agg(t.kind || ':' || t.origin, t.bytes) FILTER (WHERE t.kind IS NOT NULL), '{}')
       FROM howdah.storage_totals t
     ON CONFLICT (day) DO UPDATE SET taken_at = EXCLUDED.taken_at, media_bytes = EXCLUDED.media_bytes,
       local_bytes = EXCLUDED.local_bytes, remote_bytes = EXCLUDED.remote_bytes,
       database_bytes = EXCLUDED.database_bytes, redis_bytes = EXCLUDED.redis_bytes,
       freed_bytes = s.freed_bytes + EXCLUDED.freed_bytes, complete = EXCLUDED.complete, by_kind = EXCLUDED.by_kind`,
    [snapshot.day, snapshot.now, Math.round(snapshot.freedBytes), snapshot.complete],
  );
}
