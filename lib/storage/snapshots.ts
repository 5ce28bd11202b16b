import { databaseBytes, redisMemory } from "@/lib/mastodon/media/space-usage";
import { utcDay } from "@/lib/mastodon/media/id-buckets";
import type { ServerContext } from "@/lib/server/context";
import type { Store } from "@/lib/store/connection";

/**
 * The worker's samples of what is held: PostgreSQL's size and Redis memory
 * (cheap; taken every run), and one snapshot per UTC day of the rollups'
 * totals. Every run rewrites today's snapshot, so each day keeps its last
 * value; the daily reconcile adds the bytes it saw go (evictions, deletions).
 * These are the only record of held bytes over time: Mastodon clears the
 * size columns of evicted media, so history cannot be recomputed later.
 */
export interface ServiceSizes {
  databaseBytes: number | null;
  redisBytes: number | null;
  redisLabel: string | null;
  sampledAt: Date;
}

export async function sampleServices(context: ServerContext, store: Store, now = new Date()): Promise<ServiceSizes> {
  const [db, redis] = await Promise.allSettled([
    databaseBytes(context.mastodon.db),
    redisMemory(context.mastodon.redis),
  ]);
  const sizes: ServiceSizes = {
    databaseBytes: db.status === "fulfilled" ? db.value : null,
    redisBytes: redis.status === "fulfilled" ? redis.value.bytes : null,
    redisLabel: redis.status === "fulfilled" ? redis.value.label : null,
    sampledAt: now,
  };
  // A service that could not be read keeps its last value.
  await store.pool.query(
    `INSERT INTO howdah.storage_services (id, database_bytes, redis_bytes, redis_label, sampled_at) VALUES (true, $1, $2, $3, $4)
     ON CONFLICT (id) DO UPDATE SET database_bytes = COALESCE(EXCLUDED.database_bytes, howdah.storage_services.database_bytes),
       redis_bytes = COALESCE(EXCLUDED.redis_bytes, howdah.storage_services.redis_bytes),
       redis_label = COALESCE(EXCLUDED.redis_label, howdah.storage_services.redis_label), sampled_at = EXCLUDED.sampled_at`,
    [sizes.databaseBytes, sizes.redisBytes, sizes.redisLabel, now],
  );
  return sizes;
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
    "SELECT count(*)::text AS pending FROM howdah.storage_sources WHERE first_completed_at IS NULL AND source IN ('media_attachments', 'accounts', 'custom_emojis', 'preview_cards')",
  );
  const { rows: known } = await store.pool.query<{ n: string }>(
    "SELECT count(*)::text AS n FROM howdah.storage_sources WHERE source IN ('media_attachments', 'accounts', 'custom_emojis', 'preview_cards')",
  );
  return Number(known[0]!.n) === 4 && Number(rows[0]!.pending) === 0;
}

export async function writeSnapshot(store: Store, options: { now?: Date; freedBytes?: number } = {}): Promise<void> {
  const now = options.now ?? new Date();
  const complete = await backfillComplete(store);
  await store.pool.query(
    `INSERT INTO howdah.storage_snapshots AS s (day, taken_at, media_bytes, local_bytes, remote_bytes, database_bytes, redis_bytes, freed_bytes, complete, by_kind)
     SELECT $1::date, $2, COALESCE(sum(t.bytes), 0), COALESCE(sum(t.bytes) FILTER (WHERE t.origin = 'local'), 0),
            COALESCE(sum(t.bytes) FILTER (WHERE t.origin = 'remote'), 0),
            (SELECT database_bytes FROM howdah.storage_services WHERE id), (SELECT redis_bytes FROM howdah.storage_services WHERE id),
            $3, $4, COALESCE(jsonb_object_agg(t.kind || ':' || t.origin, t.bytes) FILTER (WHERE t.kind IS NOT NULL), '{}')
       FROM howdah.storage_totals t
     ON CONFLICT (day) DO UPDATE SET taken_at = EXCLUDED.taken_at, media_bytes = EXCLUDED.media_bytes, local_bytes = EXCLUDED.local_bytes,
       remote_bytes = EXCLUDED.remote_bytes, database_bytes = EXCLUDED.database_bytes, redis_bytes = EXCLUDED.redis_bytes,
       freed_bytes = s.freed_bytes + EXCLUDED.freed_bytes, complete = EXCLUDED.complete, by_kind = EXCLUDED.by_kind`,
    [utcDay(now), now, Math.round(options.freedBytes ?? 0), complete],
  );
}
