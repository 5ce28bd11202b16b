import "server-only";
import { utcDay } from "@/lib/mastodon/media/id-buckets";
import type { ServerContext } from "@/lib/server/context";
import type { Store } from "@/lib/store/connection";
import {
  backfillComplete,
  writeServiceSizes,
  writeSnapshot as storeSnapshot,
  type ServiceSizes,
} from "@/lib/store/storage-snapshots";

export { readServiceSizes, type ServiceSizes } from "@/lib/store/storage-snapshots";

/**
 * The worker's samples of what is held: PostgreSQL's size and Redis memory
 * (cheap; taken every run), and one snapshot per UTC day of the rollups'
 * totals. Every run rewrites today's snapshot, so each day keeps its last
 * value; the daily reconcile adds the bytes it saw go (evictions, deletions).
 * These are the only record of held bytes over time: Mastodon clears the
 * size columns of evicted media, so history cannot be recomputed later.
 */
export async function sampleServices(context: ServerContext, store: Store, now = new Date()): Promise<ServiceSizes> {
  const [db, redis] = await Promise.allSettled([
    context.mastodon.instance.databaseBytes(),
    context.mastodon.instance.redisMemory(),
  ]);
  const sizes: ServiceSizes = {
    databaseBytes: db.status === "fulfilled" ? db.value : null,
    redisBytes: redis.status === "fulfilled" ? redis.value.bytes : null,
    redisLabel: redis.status === "fulfilled" ? redis.value.label : null,
    sampledAt: now,
  };
  // A service that could not be read keeps its last value.
  await writeServiceSizes(store, sizes);
  return sizes;
}

export async function writeSnapshot(store: Store, options: { now?: Date; freedBytes?: number } = {}): Promise<void> {
  const now = options.now ?? new Date();
  const complete = await backfillComplete(store);
  await storeSnapshot(store, { day: utcDay(now), now, freedBytes: options.freedBytes ?? 0, complete });
}
