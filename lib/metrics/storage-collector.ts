import "server-only";
import { sampleServices } from "@/lib/storage/snapshots";
import { readProgress, readTotals } from "@/lib/store/storage-reads";
import { readServiceSizes } from "@/lib/store/storage-snapshots";
import type { MetricsCollector } from "./collectors";

/**
 * Media storage from the worker's rollups (never counted during a scrape),
 * and PostgreSQL / Redis sizes as Mastodon's space_usage has them. Media
 * bytes are only exposed once the first backfill has finished: a partial
 * count would look like a sudden growth to an alert rule.
 */
export const storageCollector: MetricsCollector = {
  name: "storage",
  async collect(context) {
    const store = await context.store();
    const [totals, progress, stored] = await Promise.all([
      readTotals(store),
      readProgress(store),
      readServiceSizes(store),
    ]);
    const services = stored ?? (await sampleServices(context, store));
    const families = [];
    if (progress.complete) {
      const byKey = new Map<string, number>();
      for (const t of totals) byKey.set(`${t.kind}|${t.origin}`, (byKey.get(`${t.kind}|${t.origin}`) ?? 0) + t.bytes);
      families.push({
        name: "mastodon_media_bytes",
        help:
          "Bytes of stored files by kind and origin, with Mastodon's own size columns " +
          "(original + thumbnail; what tootctl media usage sums).",
        type: "gauge" as const,
        samples: [...byKey]
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([key, value]) => {
            const [kind, origin] = key.split("|") as [string, string];
            return { labels: { kind, origin }, value };
          }),
      });
    }
    families.push({
      name: "howdah_storage_backfill_ratio",
      help: "Share of existing media rows the first storage backfill has counted (1 when done).",
      type: "gauge" as const,
      samples: [{ value: progress.fraction }],
    });
    if (services.databaseBytes !== null) {
      families.push({
        name: "mastodon_database_bytes",
        help: "pg_database_size of Mastodon's database.",
        type: "gauge" as const,
        samples: [{ value: services.databaseBytes }],
      });
    }
    if (services.redisBytes !== null) {
      families.push({
        name: "mastodon_redis_memory_bytes",
        help: "used_memory of Mastodon's main Redis (INFO).",
        type: "gauge" as const,
        samples: [{ value: services.redisBytes }],
      });
    }
    return families;
  },
};
