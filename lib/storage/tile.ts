import "server-only";
import { utcDay } from "@/lib/mastodon/media/id-buckets";
import type { ServerContext } from "@/lib/server/context";
import { forecastFrom, loadForecast, readStoredStorage, type StorageForecast } from "./forecast";
import { addDays } from "./forecast-math";
import { mediaFigures, rangeGrowth, rangeStart, type MediaFigures, type RangeGrowth } from "./figures";
import { readOverdueWarning } from "@/lib/retention/overdue";

/**
 * The overview's Storage tile: media stored, what was added in the last 30
 * days and the net growth (the same figures, computed by the same functions,
 * as the Storage page's 30-day range), and the forecast's one-line summary.
 * Stored rollups only.
 */
export interface StorageTile {
  media: Pick<MediaFigures, "total" | "local" | "remote">;
  growth30d: RangeGrowth;
  forecast: Pick<StorageForecast, "status" | "summary" | "fullOn" | "capacityBytes" | "usedBytes">;
  counting: { fraction: number } | null;
  /** "Retention is set but nothing happens" (lib/retention/overdue.ts); null when the cleanup keeps up. */
  retentionWarning: string | null;
}

export async function getStorageTile(context: ServerContext, now = new Date()): Promise<StorageTile> {
  const today = utcDay(now);
  const from = rangeStart(today, 30);
  // One read of the rollups serves the 30 days and the forecast's 61.
  const [stored, overdue] = await Promise.all([
    readStoredStorage(context, forecastFrom(today)),
    readOverdueWarning(context, now.getTime()),
  ]);
  const loaded = await loadForecast(context, now, stored);
  const { totals, progress } = stored;
  const dayTotals = stored.days.filter((d) => d.day >= from);
  const snapshots = stored.snapshots.filter((s) => s.day >= addDays(from, -1));
  const { total, local, remote } = mediaFigures(totals);
  const { status, summary, fullOn, capacityBytes, usedBytes } = loaded.forecast;
  return {
    media: { total, local, remote },
    growth30d: rangeGrowth(dayTotals, snapshots, today, 30),
    forecast: { status, summary, fullOn, capacityBytes, usedBytes },
    counting: progress.complete ? null : { fraction: progress.fraction },
    retentionWarning: overdue?.message ?? null,
  };
}
