import "server-only";
import type { Staff } from "@/lib/auth/current-staff";
import { utcDay } from "@/lib/mastodon/media/id-buckets";
import type { ServerContext } from "@/lib/server/context";
import { KIND_ORDER, KINDS_WITH_LOCAL, type StorageKind } from "@/lib/shared/media-kinds";
import { readFirstSnapshotDay, type CountingProgress } from "@/lib/store/storage-reads";
import type { StorageCapacity } from "./capacity";
import { forecastFrom, loadForecast, readStoredStorage, type StorageForecast } from "./forecast";
import { addDays } from "./forecast-math";
import { STORAGE_RANGES, type StorageRange } from "./inputs";
import { retentionEffect, type RetentionEffect } from "./retention-effect";
import { readTopDomains, type DomainRow } from "./domains";
import { mediaFigures, rangeGrowth, rangeStart, type MediaFigures } from "./figures";

/**
 * The Storage page's data, read entirely from Howdah's stored rollups (a few
 * small tables), so it is fast on any size of instance: totals by kind with
 * Mastodon's definitions, database and Redis sizes, growth per day, the top
 * remote servers, the forecast and the retention's effect.
 */
export interface KindRow {
  kind: StorageKind;
  total: number;
  /** Null where Mastodon defines no local/remote split. */
  local: number | null;
  remote: number | null;
  files: number;
  /** Remote rows kept with their file cleared. */
  evicted: number;
}

export interface GrowthDay {
  day: string;
  addedLocal: number;
  addedRemote: number;
  /** Held at the end of the day (Howdah's snapshot); null before the first one. */
  held: number | null;
  freed: number;
}

export interface StoragePage {
  today: string;
  range: StorageRange;
  progress: CountingProgress;
  kinds: KindRow[];
  media: MediaFigures;
  database: { bytes: number | null; sampledAt: string | null };
  redis: { bytes: number | null; label: string };
  /** Media + PostgreSQL + Redis, as Mastodon's space_usage lists them. */
  spaceUsage: number;
  growth: { days: GrowthDay[]; added: number; net: number | null; firstSnapshot: string | null };
  domains: DomainRow[];
  forecast: StorageForecast;
  retention: RetentionEffect;
  capacity: StorageCapacity;
  canEditCapacity: boolean;
}

export async function getStoragePage(
  context: ServerContext,
  staff: Staff | null,
  range: StorageRange,
  now = new Date(),
): Promise<StoragePage> {
  const store = await context.store();
  const today = utcDay(now);
  const days = STORAGE_RANGES[range];
  const from = rangeStart(today, days);
  // One read of the rollups serves the page's range and the forecast's 61 days.
  const readFrom = [addDays(from, -1), forecastFrom(today)].sort()[0]!;
  const [stored, domains, firstSnapshot] = await Promise.all([
    readStoredStorage(context, readFrom),
    readTopDomains(store, today, 25),
    readFirstSnapshotDay(store),
  ]);
  const loaded = await loadForecast(context, now, stored);
  const { totals, services, progress, capacity } = stored;
  const dayTotals = stored.days.filter((d) => d.day >= from);
  const snapshots = stored.snapshots.filter((s) => s.day >= addDays(from, -1));

  const kinds: KindRow[] = KIND_ORDER.filter((k) => k !== "imports" || totals.some((t) => t.kind === "imports")).map(
    (kind) => {
      const of = (origin: "local" | "remote") => totals.filter((t) => t.kind === kind && t.origin === origin);
      const sum = (rows: typeof totals, f: "bytes" | "files" | "evicted") => rows.reduce((a, r) => a + r[f], 0);
      const all = totals.filter((t) => t.kind === kind);
      const split = KINDS_WITH_LOCAL.includes(kind);
      return {
        kind,
        total: sum(all, "bytes"),
        local: split ? sum(of("local"), "bytes") : null,
        remote: split ? sum(of("remote"), "bytes") : null,
        files: sum(all, "files"),
        evicted: sum(all, "evicted"),
      };
    },
  );
  const media = mediaFigures(totals);

  const byDay = new Map<string, GrowthDay>();
  for (let i = 0; i < days; i++) {
    const day = addDays(from, i);
    byDay.set(day, { day, addedLocal: 0, addedRemote: 0, held: null, freed: 0 });
  }
  for (const d of dayTotals) {
    const row = byDay.get(d.day);
    if (!row) continue;
    if (d.origin === "local") row.addedLocal += d.addedBytes;
    else row.addedRemote += d.addedBytes;
  }
  for (const s of snapshots) {
    const row = byDay.get(s.day);
    if (row && s.complete) {
      row.held = s.mediaBytes;
      row.freed = s.freedBytes;
    }
  }
  const growthDays = [...byDay.values()];
  const { added, net } = rangeGrowth(dayTotals, snapshots, today, days);

  return {
    today,
    range,
    progress,
    kinds,
    media,
    database: { bytes: services?.databaseBytes ?? null, sampledAt: services?.sampledAt.toISOString() ?? null },
    redis: { bytes: services?.redisBytes ?? null, label: services?.redisLabel ?? "Redis" },
    spaceUsage: media.total + (services?.databaseBytes ?? 0) + (services?.redisBytes ?? 0),
    growth: {
      days: growthDays,
      added,
      net,
      firstSnapshot,
    },
    domains,
    forecast: loaded.forecast,
    retention: retentionEffect({
      retention: loaded.retention,
      cacheAdded: loaded.additions.cache,
      cacheBytes: media.cache,
      today,
      forecast: loaded.forecast,
    }),
    capacity,
    canEditCapacity: staff?.permissions.can("manage_settings") ?? false,
  };
}
