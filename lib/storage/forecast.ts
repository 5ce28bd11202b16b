import "server-only";
import { processSingleton } from "@/lib/shared/process-singleton";
import { utcDay } from "@/lib/mastodon/media/id-buckets";
import type { MediaRetention } from "@/lib/mastodon/media/retention";
import type { ServerContext } from "@/lib/server/context";
import { formatBytes } from "@/lib/shared/bytes";
import {
  readDayTotals,
  readProgress,
  readSnapshots,
  readTotals,
  type CountingProgress,
  type DayTotal,
  type KindTotal,
  type Snapshot,
} from "@/lib/store/storage-reads";
import { readServiceSizes } from "@/lib/store/storage-snapshots";
import { getCapacity, type StorageCapacity } from "./capacity";
import { addDays, daysUntilFull, fitLine, lastDays, meanPerDay, type Point } from "./forecast-math";

/**
 * When the disk or bucket fills, from recent growth, as a range.
 *
 * With 14 or more daily snapshots of what is held, a least-squares line
 * through the last 30 days gives the rate; the range spans the 14- and
 * 60-day lines and ±2 standard errors of the 30-day slope. Before that (a
 * fresh install), the rate is estimated from bytes added per day: media that
 * stays (local uploads, avatars, headers, emoji), plus the remote media cache
 * only when the media cache retention is off — with retention on, what
 * arrives replaces what is cleared, so the cache is taken as steady.
 *
 * getStorageForecast(context) is what the overview and the public status
 * page read (statusLine: "Media storage: full in about 9 weeks" or null).
 */
export type ForecastStatus = "counting" | "not_enough_data" | "no_capacity" | "full" | "not_at_current_rate" | "fills";

export interface StorageForecast {
  status: ForecastStatus;
  method: "trend" | "additions" | null;
  methodText: string | null;
  usedBytes: number;
  capacityBytes: number | null;
  includesDatabase: boolean;
  /** Bytes per day. */
  rate: { low: number; mid: number; high: number } | null;
  /** Dates ("YYYY-MM-DD"); latest is null when the low rate never fills it. */
  fullOn: { earliest: string; likely: string | null; latest: string | null } | null;
  summary: string;
  /** For the public status page: "Media storage: full in about 9 weeks", or null when there is nothing to warn of. */
  statusLine: string | null;
}

export interface ForecastInput {
  today: string;
  usedBytes: number;
  capacityBytes: number | null;
  includesDatabase: boolean;
  counting: boolean;
  /** Held bytes at the end of each day (complete snapshots), oldest first. */
  held: Point[];
  /** Bytes added per day that stay (local media, avatars, headers, emoji, site uploads). */
  steadyAdded: Point[];
  /** Bytes added per day to the remote media cache (remote attachments, preview cards). */
  cacheAdded: Point[];
  retentionDays: number | null;
}

const MIN_SNAPSHOTS = 14;

export function buildForecast(input: ForecastInput): StorageForecast {
  const base = {
    usedBytes: input.usedBytes,
    capacityBytes: input.capacityBytes,
    includesDatabase: input.includesDatabase,
  };
  if (input.counting) {
    return {
      ...base,
      status: "counting",
      method: null,
      methodText: null,
      rate: null,
      fullOn: null,
      summary: "Howdah is still counting the existing media; the forecast follows.",
      statusLine: null,
    };
  }
  const estimate = estimateRate(input);
  if (!estimate) {
    return {
      ...base,
      status: "not_enough_data",
      method: null,
      methodText: null,
      rate: null,
      fullOn: null,
      summary: "Not enough history yet to estimate growth.",
      statusLine: null,
    };
  }
  const { rate, method, methodText } = estimate;
  const per = `${formatBytes(rate.mid)} a day`;
  if (input.capacityBytes === null) {
    return {
      ...base,
      status: "no_capacity",
      method,
      methodText,
      rate,
      fullOn: null,
      summary: `Growing about ${per}. Set the capacity of the disk or bucket to see when it fills.`,
      statusLine: null,
    };
  }
  const cap = input.capacityBytes;
  if (input.usedBytes >= cap) {
    return {
      ...base,
      status: "full",
      method,
      methodText,
      rate,
      fullOn: { earliest: input.today, likely: input.today, latest: input.today },
      summary: `Full: ${formatBytes(input.usedBytes)} held of ${formatBytes(cap)}.`,
      statusLine: "Media storage: full",
    };
  }
  const atFastest = daysUntilFull(input.usedBytes, cap, rate.high);
  const soonest = withinHorizon(atFastest);
  if (soonest === null) {
    return {
      ...base,
      status: "not_at_current_rate",
      method,
      methodText,
      rate,
      fullOn: null,
      summary:
        rate.mid <= 0
          ? "Not at the current rate: storage is flat or shrinking."
          : atFastest === null
            ? "Not at the current rate."
            : `Not within ${HORIZON_DAYS / 365} years at the current rate (${per}).`,
      statusLine: null,
    };
  }
  const likely = daysUntilFull(input.usedBytes, cap, rate.mid);
  const latest = daysUntilFull(input.usedBytes, cap, rate.low);
  const fullOn = {
    earliest: addDays(input.today, soonest),
    likely: likely === null ? null : addDays(input.today, likely),
    latest: latest === null ? null : addDays(input.today, latest),
  };
  return {
    ...base,
    status: "fills",
    method,
    methodText,
    rate,
    fullOn,
    summary: `Full ${describeSpan(soonest, latest)}.`,
    statusLine: `Media storage: full ${describeOne(likely ?? soonest)}`,
  };
}

function estimateRate(
  input: ForecastInput,
): { rate: StorageForecast["rate"] & object; method: "trend" | "additions"; methodText: string } | null {
  const recent = lastDays(input.held, input.today, 60);
  if (recent.length >= MIN_SNAPSHOTS) {
    const f30 = fitLine(lastDays(input.held, input.today, 30));
    const f14 = fitLine(lastDays(input.held, input.today, 14));
    const f60 = recent.length >= 45 ? fitLine(recent) : null;
    if (f30) {
      const slopes = [
        f30.slope,
        f30.slope - 2 * f30.slopeError,
        f30.slope + 2 * f30.slopeError,
        ...(f14 ? [f14.slope] : []),
        ...(f60 ? [f60.slope] : []),
      ];
      return {
        rate: { low: Math.min(...slopes), mid: f30.slope, high: Math.max(...slopes) },
        method: "trend",
        methodText:
          "A straight line fitted (least squares) to the total held at the end of each of the last " +
          `${f30.points} days, as Howdah's daily snapshots recorded it, net of what Mastodon cleared. ` +
          `The range spans the ${f14 ? "14-day" : ""}${f14 && f60 ? " and " : ""}${f60 ? "60-day" : ""} ` +
          `trend${f14 && f60 ? "s" : ""} and ±2 standard errors of the 30-day slope.`,
      };
    }
  }
  const daily = (days: number) =>
    meanPerDay(input.steadyAdded, input.today, days) +
    (input.retentionDays === null ? meanPerDay(input.cacheAdded, input.today, days) : 0);
  const hasAdditions = lastDays([...input.steadyAdded, ...input.cacheAdded], addDays(input.today, -1), 60).some(
    (p) => p.bytes > 0,
  );
  if (!hasAdditions) return null;
  const rates = [daily(14), daily(30), daily(60)];
  return {
    rate: { low: Math.min(...rates), mid: rates[1]!, high: Math.max(...rates) },
    method: "additions",
    methodText:
      `Howdah has fewer than ${MIN_SNAPSHOTS} daily snapshots yet, so the rate is the average added per day ` +
      "over the last 30 days of media that stays: local uploads, avatars, headers and emoji" +
      (input.retentionDays === null
        ? ", and remote media too, since the media cache retention is off and nothing is cleared."
        : `. With the media cache retention at ${input.retentionDays} days, ` +
          "the remote media cache is taken as steady: what arrives replaces what is cleared.") +
      " The range spans the 14- and 60-day averages.",
  };
}

/** Forecasts further out than this say so instead of giving a date. */
export const HORIZON_DAYS = 10 * 365;

/** A fill date past the horizon is no date at all: growth a decade out is anyone's guess. */
export function withinHorizon(days: number | null): number | null {
  return days !== null && days <= HORIZON_DAYS ? days : null;
}

export function describeOne(days: number): string {
  if (days < 1) return "within a day";
  if (days < 14) return `in about ${Math.round(days)} day${Math.round(days) === 1 ? "" : "s"}`;
  if (days < 7 * 26) return `in about ${Math.round(days / 7)} weeks`;
  if (days < 730) return `in about ${Math.round(days / 30.4)} months`;
  return `in about ${Math.round(days / 365)} years`;
}

function describeSpan(soonest: number, latest: number | null): string {
  if (latest === null) return `${describeOne(soonest)} at the fastest recent rate, or not at all at the slowest`;
  const a = describeOne(soonest);
  const b = describeOne(latest);
  if (a === b) return a;
  // "in about 9 weeks" + "in about 14 weeks" → "in about 9 to 14 weeks" when units agree.
  const unit = (s: string) => s.replace(/^in about \d+ /, "");
  if (unit(a) === unit(b) && /^in about \d+ /.test(a) && /^in about \d+ /.test(b)) {
    return `in about ${a.match(/\d+/)![0]} to ${b.match(/\d+/)![0]} ${unit(b)}`;
  }
  return `between ${a.replace(/^in about /, "about ")} and ${b.replace(/^in about /, "about ")} from now`;
}

/** Kinds the media cache retention clears (remote attachments, link preview images). */
export function isCacheKind(kind: string, origin: string): boolean {
  return kind === "preview_cards" || (kind === "attachments" && origin === "remote");
}

/** Added bytes per day, split into what stays and what the cache vacuum clears; backups expire on their own. */
export function splitAdditions(days: DayTotal[]): { steady: Point[]; cache: Point[] } {
  const steady = new Map<string, number>();
  const cache = new Map<string, number>();
  for (const d of days) {
    if (d.kind === "backups") continue;
    const target = isCacheKind(d.kind, d.origin) ? cache : steady;
    target.set(d.day, (target.get(d.day) ?? 0) + d.addedBytes);
  }
  const points = (m: Map<string, number>) =>
    [...m].map(([day, bytes]) => ({ day, bytes })).sort((a, b) => a.day.localeCompare(b.day));
  return { steady: points(steady), cache: points(cache) };
}

// One per process (see process-singleton.ts), not one per Next bundle.
const retentionCache = processSingleton(
  "media-retention",
  () => new WeakMap<ServerContext, { at: number; value: MediaRetention | null }>(),
);

/** Mastodon's media cache retention, re-read at most once a minute; null when Mastodon cannot be reached. */
export async function cachedRetention(context: ServerContext): Promise<MediaRetention | null> {
  const hit = retentionCache.get(context);
  if (hit && Date.now() - hit.at < 60_000) return hit.value;
  const value = await context.mastodon.media.readRetention().catch(() => hit?.value ?? null);
  retentionCache.set(context, { at: Date.now(), value });
  return value;
}

export interface ForecastContext {
  forecast: StorageForecast;
  retention: MediaRetention | null;
  additions: { steady: Point[]; cache: Point[] };
  today: string;
}

/** The stored rollups the storage page, its tile and the forecast share, read once per request. */
export interface StoredStorage {
  /** The first day the day totals and snapshots below start at. */
  from: string;
  capacity: StorageCapacity;
  totals: KindTotal[];
  services: Awaited<ReturnType<typeof readServiceSizes>>;
  snapshots: Snapshot[];
  days: DayTotal[];
  progress: CountingProgress;
}

/** The forecast looks this far back; readers of a shorter range still read from here, once. */
export const forecastFrom = (today: string) => addDays(today, -61);

export async function readStoredStorage(context: ServerContext, from: string): Promise<StoredStorage> {
  const store = await context.store();
  const [capacity, totals, services, snapshots, days, progress] = await Promise.all([
    getCapacity(store),
    readTotals(store),
    readServiceSizes(store),
    readSnapshots(store, from),
    readDayTotals(store, from),
    readProgress(store),
  ]);
  return { from, capacity, totals, services, snapshots, days, progress };
}

/**
 * Everything the forecast needs, from Howdah's store (and the retention
 * setting); `stored` when the caller has read it already, from no later than
 * forecastFrom(today).
 */
export async function loadForecast(
  context: ServerContext,
  now = new Date(),
  stored?: StoredStorage,
): Promise<ForecastContext> {
  const today = utcDay(now);
  const from = forecastFrom(today);
  if (stored && stored.from > from) throw new Error(`the forecast needs the rollups from ${from}`);
  const [read, retention] = await Promise.all([stored ?? readStoredStorage(context, from), cachedRetention(context)]);
  const { capacity, totals, services, progress } = read;
  const snapshots = read.snapshots.filter((s) => s.day >= from);
  const days = read.days.filter((d) => d.day >= from);
  const media = totals.reduce((a, t) => a + t.bytes, 0);
  const withDb = (bytes: number, db: number | null) => (capacity.includesDatabase ? bytes + (db ?? 0) : bytes);
  const additions = splitAdditions(days);
  const forecast = buildForecast({
    today,
    usedBytes: withDb(media, services?.databaseBytes ?? null),
    capacityBytes: capacity.capacityBytes,
    includesDatabase: capacity.includesDatabase,
    counting: !progress.complete,
    held: snapshots
      .filter((s) => s.complete && (!capacity.includesDatabase || s.databaseBytes !== null))
      .map((s) => ({ day: s.day, bytes: withDb(s.mediaBytes, s.databaseBytes) })),
    steadyAdded: additions.steady,
    cacheAdded: additions.cache,
    retentionDays: retention?.days ?? null,
  });
  return { forecast, retention, additions, today };
}

export async function getStorageForecast(context: ServerContext): Promise<StorageForecast> {
  return (await loadForecast(context)).forecast;
}
