import "server-only";
import type { ServerContext } from "@/lib/server/context";
import { readOverdueWarning } from "@/lib/retention/overdue";
import { getStorageForecast, type StorageForecast } from "@/lib/storage/forecast";
import type { MediaReading } from "./evaluate";

/**
 * The Media component, from the storage area's forecast (lib/storage, read
 * from Howdah's own rollups): full is an outage (uploads fail), filling up
 * within NEAR_FULL_DAYS is degraded, anything else is room to spare. Without
 * a known capacity, or while the first count runs, media is not measured.
 * When the nightly cleanup is behind (retention set, but cached content
 * older than the period plus two days still here), a measured reading says
 * so in its message; the state stays the forecast's, since uploads still work.
 */
export const NEAR_FULL_DAYS = 14;

const DAY_MS = 86_400_000;

/** "full in about 9 weeks" from the forecast's "Media storage: full in about 9 weeks". */
const when = (line: string | null) => (line ?? "").replace(/^Media storage:\s*/i, "").trim();

export function mediaReading(
  forecast: StorageForecast,
  today = new Date(),
  cleanupBehind: string | null = null,
): MediaReading | null {
  const reading = fromForecast(forecast, today);
  return reading && cleanupBehind ? { ...reading, message: `${reading.message} ${cleanupBehind}` } : reading;
}

function fromForecast(forecast: StorageForecast, today: Date): MediaReading | null {
  switch (forecast.status) {
    case "full":
      return { state: "outage", message: "Storage is full: new pictures and videos may fail to upload." };
    case "fills": {
      const earliest = forecast.fullOn ? Date.parse(`${forecast.fullOn.earliest}T00:00:00Z`) : Infinity;
      if (earliest - today.getTime() <= NEAR_FULL_DAYS * DAY_MS) {
        return {
          state: "degraded",
          message: `Storage is nearly full (${when(forecast.statusLine) || "soon"}): uploads may start to fail.`,
        };
      }
      const rest = when(forecast.statusLine);
      return {
        state: "operational",
        message: rest
          ? `There is room for new pictures and videos; at the current rate it is ${rest}.`
          : "There is room for new pictures and videos.",
      };
    }
    case "not_at_current_rate":
    case "not_enough_data":
      return { state: "operational", message: "There is room for new pictures and videos." };
    case "no_capacity":
    case "counting":
      return null;
  }
}

export async function readMedia(context: ServerContext): Promise<MediaReading | null> {
  try {
    const [forecast, overdue] = await Promise.all([getStorageForecast(context), readOverdueWarning(context)]);
    return mediaReading(forecast, new Date(), overdue?.publicMessage ?? null);
  } catch {
    return null;
  }
}
