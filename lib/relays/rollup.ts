import "server-only";
import { HowdahError } from "@/lib/errors";
import type { TrafficCount } from "@/lib/mastodon/relays/area";
import { HOUR_MS, idAtMs } from "@/lib/mastodon/relays/traffic-sql";
import type { ServerContext } from "@/lib/server/context";
import { timePhase, type PhaseTimes } from "@/lib/shared/phase-times";
import type { Store } from "@/lib/store/connection";
import {
  finishRelayRollupRun,
  pruneRelayTraffic,
  readRelayRollupMark,
  refreshRelayTopDomains,
  replaceTrafficHours,
  withRelayRollupLock,
} from "@/lib/store/relay-traffic";

/**
 * The worker's incremental rollup of incoming remote posts per arrival hour
 * and origin domain (counts: lib/mastodon/relays/traffic-sql.ts).
 *
 * - Incremental by id: the state row keeps the high-water mark (counted_to,
 *   as a snowflake id). A run reads only ids from the start of the hour that
 *   holds `counted_to - 15 min` up to now: the new ids, plus an overlap margin
 *   for rows that become visible late (a snowflake carries its transaction's
 *   start time and a hashed tail, so ids do not commit in order).
 * - Idempotent: an hour is the unit written, and it is replaced whole (hour
 *   rows, its day's domain rows recomputed), so re-counting the overlap never
 *   double-counts, and a run that dies half-way leaves consistent tables.
 * - Bounded: ids are read in pieces (15 min to 24 h of ids, adapted so each
 *   statement takes about a second, halved on a statement timeout) on the
 *   read replica when there is one, and a run stops starting pieces after
 *   its time budget; the next run carries on from the mark. The first run
 *   starts 90 days back (a backfill over several runs on a big instance).
 */
export interface RollupOptions {
  now?: number;
  /** Stop starting new pieces after this long (default 20 s). */
  budgetMs?: number;
  /** At most this many pieces per run (tests). */
  maxPieces?: number;
  backfillDays?: number;
  marginMs?: number;
  /** Width of the first piece, minutes (default 60). */
  pieceMinutes?: number;
  /** Told after each piece how far the run has got (the worker's progress log of a backfill). */
  progress?: (counts: { countedTo: string; pieces: number; statuses: number; hours: number }) => void;
  /** Filled with the time each phase took (the bench's breakdown). */
  phases?: PhaseTimes;
}

export interface RollupRun {
  skipped?: "another run holds the lock";
  fromMs: number;
  toMs: number;
  countedToMs: number;
  hours: number;
  statuses: number;
  pieces: number;
  caughtUp: boolean;
  ms: number;
}

const DAY_MS = 86_400_000;
const MIN_PIECE = 15;
const MAX_PIECE = 24 * 60;
export const ROLLUP_DEFAULTS = { budgetMs: 20_000, backfillDays: 90, marginMs: 15 * 60_000, pieceMinutes: 60 } as const;

const floorHour = (ms: number) => Math.floor(ms / HOUR_MS) * HOUR_MS;

export async function rollupRelayTraffic(context: ServerContext, options: RollupOptions = {}): Promise<RollupRun> {
  const store = await context.store();
  const result = await withRelayRollupLock(store, () => run(context, store, options));
  return (
    result ?? {
      skipped: "another run holds the lock",
      fromMs: 0,
      toMs: 0,
      countedToMs: 0,
      hours: 0,
      statuses: 0,
      pieces: 0,
      caughtUp: false,
      ms: 0,
    }
  );
}

async function run(context: ServerContext, store: Store, options: RollupOptions): Promise<RollupRun> {
  const started = performance.now();
  const now = options.now ?? Date.now();
  const budget = options.budgetMs ?? ROLLUP_DEFAULTS.budgetMs;
  const margin = options.marginMs ?? ROLLUP_DEFAULTS.marginMs;
  const phases = options.phases;
  const state = await timePhase(phases, "mark", () => readRelayRollupMark(store));
  const backfillFrom =
    state?.backfillFromMs ?? floorHour(now - (options.backfillDays ?? ROLLUP_DEFAULTS.backfillDays) * DAY_MS);
  const fromMs = state ? Math.max(backfillFrom, floorHour(Math.min(state.countedToMs, now) - margin)) : backfillFrom;
  // For the overview tile, which reads only Howdah's store.
  const relays = await timePhase(phases, "relay states", () =>
    context.mastodon.relays.countByState().catch(() => null),
  );

  let piece = options.pieceMinutes ?? ROLLUP_DEFAULTS.pieceMinutes;
  let cursor = fromMs;
  let flushedTo = fromMs;
  /** What the state row says: the cursor at the last write (a partial hour not yet written is read again next run). */
  let countedTo = state?.countedToMs ?? fromMs;
  let pieces = 0;
  let statuses = 0;
  let hours = 0;
  // Pieces narrower than an hour return the same (hour, domain) more than once: summed here.
  const pending = new Map<string, TrafficCount>();
  const out = (): RollupRun => ({
    fromMs,
    toMs: now,
    countedToMs: countedTo,
    hours,
    statuses,
    pieces,
    caughtUp: cursor >= now,
    ms: Math.round(performance.now() - started),
  });

  while (
    cursor < now &&
    performance.now() - started < budget &&
    (options.maxPieces === undefined || pieces < options.maxPieces)
  ) {
    // Pieces of an hour or more end on an hour boundary, so each flush writes whole hours.
    const width = piece * 60_000;
    const end = Math.min(now, piece >= 60 ? floorHour(cursor + width) : cursor + width);
    const t0 = performance.now();
    const counts = await timePhase(phases, "count", () => context.mastodon.relays.countTraffic(cursor, end));
    if (counts === null) {
      // A piece that hits the statement timeout is retried half as wide.
      if (piece > MIN_PIECE) {
        piece = Math.max(MIN_PIECE, Math.floor(piece / 2));
        continue;
      }
      throw new HowdahError(
        "unavailable",
        `${context.mastodon.hasReplica ? "PostgreSQL replica" : "PostgreSQL"} is unavailable: ` +
          "a query took longer than the statement timeout.",
        { service: context.mastodon.hasReplica ? "PostgreSQL replica" : "PostgreSQL" },
      );
    }
    const took = performance.now() - t0;
    pieces++;
    for (const c of counts) {
      addInto(pending, c);
      statuses += c.statuses + c.boosts;
    }
    cursor = end;
    piece =
      took < 300 ? Math.min(MAX_PIECE, piece * 2) : took > 1_500 ? Math.max(MIN_PIECE, Math.floor(piece / 2)) : piece;
    // Write every hour the cursor has completed; at the present, the current (partial) hour too.
    const flushTo = cursor >= now ? floorHour(now) + HOUR_MS : floorHour(cursor);
    if (flushTo > flushedTo) {
      const batch = [...pending.values()].filter((c) => c.hourMs < flushTo);
      await timePhase(phases, "write hours", () =>
        replaceTrafficHours(
          store,
          flushedTo,
          flushTo,
          batch,
          {
            countedToMs: cursor,
            highWaterId: idAtMs(cursor),
            backfillFromMs: backfillFrom,
            caughtUp: cursor >= now,
          },
          phases,
        ),
      );
      hours += (flushTo - flushedTo) / HOUR_MS;
      for (const c of batch) pending.delete(`${c.hourMs}|${c.domain}`);
      flushedTo = flushTo;
      countedTo = cursor;
    }
    options.progress?.({ countedTo: new Date(cursor).toISOString(), pieces, statuses, hours });
  }
  const result = out();
  await timePhase(phases, "finish", () => finishRelayRollupRun(store, result, relays));
  await timePhase(phases, "prune", () => pruneRelayTraffic(store, result.countedToMs, margin));
  await timePhase(phases, "top domains", () => refreshRelayTopDomains(store, now));
  return result;
}

const SUMMED = [
  "statuses",
  "followed",
  "relayEstimate",
  "boosts",
  "mediaBytes",
  "followedMediaBytes",
  "relayMediaBytes",
] as const;

function addInto(into: Map<string, TrafficCount>, c: TrafficCount): void {
  const key = `${c.hourMs}|${c.domain}`;
  const had = into.get(key);
  if (!had) into.set(key, { ...c });
  else for (const f of SUMMED) had[f] += c[f];
}
