import "server-only";
import { utcDay } from "@/lib/mastodon/media/id-buckets";
import type { ServerContext } from "@/lib/server/context";
import { loadForecast, type StorageForecast } from "./forecast";
import { addDays } from "./forecast-math";
import { readProgress, readSnapshots, readTotals } from "@/lib/store/storage-reads";

/**
 * The overview's Storage tile: total media held, growth over 30 days (net,
 * from Howdah's snapshots, or bytes added while there are fewer than 30 days
 * of them), and the forecast's one-line summary. Stored rollups only.
 */
export interface StorageTile {
  totalBytes: number;
  growth30d: { bytes: number; basis: "net" | "added" } | null;
  forecast: Pick<StorageForecast, "status" | "summary" | "fullOn" | "capacityBytes" | "usedBytes">;
  counting: { fraction: number } | null;
}

export async function getStorageTile(context: ServerContext, now = new Date()): Promise<StorageTile> {
  const store = await context.store();
  const today = utcDay(now);
  const monthAgo = addDays(today, -30);
  const [totals, snapshots, progress, loaded] = await Promise.all([
    readTotals(store),
    readSnapshots(store, monthAgo),
    readProgress(store),
    loadForecast(context, now),
  ]);
  const complete = snapshots.filter((s) => s.complete);
  const first = complete[0];
  const last = complete.at(-1);
  let growth30d: StorageTile["growth30d"] = null;
  if (first && last && first.day === monthAgo) growth30d = { bytes: last.mediaBytes - first.mediaBytes, basis: "net" };
  else if (progress.complete) {
    const { steady, cache } = loaded.additions;
    const added = [...steady, ...cache].filter((p) => p.day > monthAgo).reduce((a, p) => a + p.bytes, 0);
    growth30d = { bytes: added, basis: "added" };
  }
  const { status, summary, fullOn, capacityBytes, usedBytes } = loaded.forecast;
  return {
    totalBytes: totals.reduce((a, t) => a + t.bytes, 0),
    growth30d,
    forecast: { status, summary, fullOn, capacityBytes, usedBytes },
    counting: progress.complete ? null : { fraction: progress.fraction },
  };
}
