import "server-only";
import { z } from "zod";
import { HowdahError } from "@/lib/errors";
import type { ServerContext } from "@/lib/server/context";
import { parseSize } from "@/lib/shared/bytes";
import { MEDIA_WARNING_DAYS } from "@/lib/shared/retention";
import { getCapacity } from "@/lib/storage/capacity";
import { isCacheKind, loadForecast } from "@/lib/storage/forecast";
import { addDays, fitLine, lastDays } from "@/lib/storage/forecast-math";
import { readSnapshots, readTotals } from "@/lib/store/storage-reads";
import { MAX_RECOMMENDED_DAYS, recommendPeriod, type RecommendResult } from "./recommend-math";

/**
 * The recommended media-cache period (issue 14, point 3): from Howdah's
 * storage rollups (what the remote cache receives per day, what the rest of
 * the disk adds) and a capacity, either the one saved on the Storage page or
 * one the admin types here to try, the longest period that keeps the disk
 * under a fill level for a horizon, with the curve it is read from.
 */
export const recommendInput = z.object({
  /** A size ("500 GB", "2 TiB"); empty: the capacity saved on the Storage page. */
  capacity: z.string().trim().max(100).optional().default(""),
  fill: z.coerce
    .number({ message: "The fill level is a percentage." })
    .int("The fill level is a whole percentage.")
    .min(10, "A fill level under 10% leaves no room to work with.")
    .max(100, "The fill level is at most 100%.")
    .default(80),
  horizonDays: z.coerce
    .number({ message: "The horizon is a number of days." })
    .int("The horizon is a whole number of days.")
    .min(7, "Look at least 7 days ahead.")
    .max(3650, "Look at most 10 years (3,650 days) ahead.")
    .default(365),
});
export type RecommendInput = z.infer<typeof recommendInput>;

export type RecommendationView =
  | { status: "counting" | "no_capacity"; summary: string }
  | ({
      status: "ready";
      summary: string;
      capacityBytes: number;
      capacityFrom: "storage page" | "entered";
      fill: number;
      horizonDays: number;
      usedBytes: number;
      cacheBytes: number;
      includesDatabase: boolean;
      currentDays: number | null;
    } & RecommendResult);

export async function readRecommendation(
  context: ServerContext,
  input: RecommendInput,
  now = new Date(),
): Promise<RecommendationView> {
  let entered: number | null = null;
  if (input.capacity !== "") {
    const parsed = parseSize(input.capacity);
    if (!parsed.ok) throw new HowdahError("bad_request", parsed.message);
    entered = parsed.bytes;
  }
  const store = await context.store();
  const loaded = await loadForecast(context, now);
  const { forecast, additions, retention, today } = loaded;
  const saved = (await getCapacity(store)).capacityBytes;
  const capacityBytes = entered ?? saved;
  if (forecast.status === "counting")
    return { status: "counting", summary: "Howdah is still counting the existing media; the recommendation follows." };
  if (capacityBytes === null)
    return {
      status: "no_capacity",
      summary: "Enter the capacity of the disk or bucket (or save it on the Storage page) to get a recommendation.",
    };
  const [totals, snapshots] = await Promise.all([readTotals(store), readSnapshots(store, addDays(today, -31))]);
  const cacheBytes = totals.filter((t) => isCacheKind(t.kind, t.origin)).reduce((a, t) => a + t.bytes, 0);
  const dbPoints = snapshots
    .filter((s) => s.complete && s.databaseBytes !== null)
    .map((s) => ({ day: s.day, bytes: s.databaseBytes! }));
  const databasePerDay = forecast.includesDatabase ? (fitLine(lastDays(dbPoints, today, 30))?.slope ?? 0) : 0;
  const currentDays = retention?.days ?? null;
  const fill = input.fill / 100;
  const result = recommendPeriod({
    today,
    capacityBytes,
    fill,
    horizonDays: input.horizonDays,
    usedBytes: forecast.usedBytes,
    cacheBytes,
    cacheAdded: additions.cache,
    steadyAdded: additions.steady,
    databasePerDay,
    currentDays,
  });
  return {
    status: "ready",
    summary: summarize(result, input),
    capacityBytes,
    capacityFrom: entered === null ? "storage page" : "entered",
    fill: input.fill,
    horizonDays: input.horizonDays,
    usedBytes: forecast.usedBytes,
    cacheBytes,
    includesDatabase: forecast.includesDatabase,
    currentDays,
    ...result,
  };
}

function summarize(result: RecommendResult, input: RecommendInput): string {
  const under = `under ${input.fill}% for the next ${input.horizonDays.toLocaleString("en")} days`;
  const r = result.recommendation;
  if (r.kind === "none")
    return (
      `No media cache period keeps the disk ${under}: the rest of what it holds reaches that level on its own. ` +
      "A larger disk, or fewer local uploads, is what helps."
    );
  if (r.kind === "any")
    return r.offFits
      ? `Any period keeps the disk ${under}, and so does keeping the cache forever.`
      : `Any period up to ${MAX_RECOMMENDED_DAYS} days keeps the disk ${under}; with the cleanup off it would not.`;
  const short =
    r.days < MEDIA_WARNING_DAYS
      ? ` That is below Mastodon's own ${MEDIA_WARNING_DAYS}-day hint: media people still scroll past will be ` +
        "fetched again and again; a larger disk is the better cure."
      : "";
  return `At most ${r.days} day${r.days === 1 ? "" : "s"} of media cache keeps the disk ${under}.${short}`;
}
