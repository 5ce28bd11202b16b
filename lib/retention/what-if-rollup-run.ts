import "server-only";
import type { ServerContext } from "@/lib/server/context";
import {
  deleteStatusDays,
  readMediaRollupState,
  readStatusDayStamps,
  replaceMediaRollup,
  replaceStatusDay,
  type MediaRollupWrite,
} from "@/lib/store/retention-rollup";
import { dayKey, floorDay, RECENT_LIVE_DAYS } from "./what-if-rollup";

/**
 * The worker's run of the what-if's rollup (read side: what-if-rollup.ts).
 *
 * - Media: one full pass over cached remote media in pieces of the primary
 *   key (the columns the vacuum compares are not indexed, and a re-download
 *   moves a row to a later day, so no part can be recounted alone), written
 *   in one transaction; at most every MEDIA_EVERY_MS, and after a vacuum run.
 * - Statuses: one count per UTC day of ids, by hour, bounded by the day's id
 *   range: first the closed days never counted (the first runs backfill,
 *   oldest first, within the time budget), then the recent days (they become
 *   the rollup's as they age), then days counted before the last vacuum run,
 *   then any counted more than a day ago. Days with no statuses left are dropped.
 */
export const ROLLUP_EVERY_MS = 30 * 60_000;
/** The pass reads every cached file (minutes on millions); its figures stay exact for periods longer than this. */
export const MEDIA_EVERY_MS = 6 * 60 * 60_000;
const REFRESH_AFTER_MS = 24 * 60 * 60_000;
/** A day is closed this long after its end: ids carry their transaction's start time and commit late. */
const CLOSE_MARGIN_MS = 15 * 60_000;
/** Pieces small enough for the statement timeout on a cold cache (each cached row probes four indexes). */
const MEDIA_PIECE_ROWS = 25_000;
const STATUS_PIECE_MS = 4 * 60 * 60_000;
const DAY = 86_400_000;

export interface RetentionRollupOptions {
  now?: number;
  /** Stop starting new days after this long (default 60 s); the next run carries on. */
  budgetMs?: number;
  /** Count media even if the last pass is recent (tests, the bench). */
  forceMedia?: boolean;
}

export interface RetentionRollupRun {
  statusDays: number;
  statusDaysLeft: number;
  mediaCounted: boolean;
  mediaRows: number;
  ms: number;
}

export async function rollupRetention(
  context: ServerContext,
  options: RetentionRollupOptions = {},
): Promise<RetentionRollupRun> {
  const started = performance.now();
  const now = options.now ?? Date.now();
  const budgetMs = options.budgetMs ?? 60_000;
  const store = await context.store();
  const vacuumAt = await lastVacuumAt(context);

  const mediaState = await readMediaRollupState(store);
  const mediaDue =
    options.forceMedia ||
    !mediaState ||
    now - mediaState.countedAt.getTime() >= MEDIA_EVERY_MS ||
    (vacuumAt !== null && vacuumAt > mediaState.countedAt.getTime());
  const mediaRows = mediaDue ? await countMediaPass(context, now) : 0;

  const days = await statusDaysToCount(context, now, vacuumAt);
  let counted = 0;
  for (const day of days.count) {
    if (performance.now() - started > budgetMs) break;
    const hours = [];
    // In pieces of a few hours: each statement stays well under Howdah's statement timeout (5 s by default).
    for (let from = day; from < day + DAY; from += STATUS_PIECE_MS)
      hours.push(...(await context.mastodon.retention.countStatusHours(from, from + STATUS_PIECE_MS)));
    await replaceStatusDay(
      store,
      day,
      hours.map(({ hourMs, figures }) => ({
        hourMs,
        row: {
          total: figures.total,
          favourited: figures.favourited,
          bookmarked: figures.bookmarked,
          pinned: figures.pinned,
          repliedTo: figures.repliedTo,
          boosted: figures.boosted,
          direct: figures.directToLocals,
          touched: figures.total - figures.untouched,
          localBoosts: figures.localBoostsCascaded,
        },
      })),
      new Date(now),
    );
    counted++;
  }
  await deleteStatusDays(store, days.gone);
  return {
    statusDays: counted,
    statusDaysLeft: days.count.length - counted,
    mediaCounted: mediaDue,
    mediaRows,
    ms: Math.round(performance.now() - started),
  };
}

async function lastVacuumAt(context: ServerContext): Promise<number | null> {
  try {
    return (await context.mastodon.retention.readVacuumSchedule()).lastEnqueuedAt;
  } catch {
    return null; // Sidekiq's Redis down: the daily refresh still comes
  }
}

/** The closed days holding statuses, in the order they should be counted; and the counted days now empty. */
async function statusDaysToCount(context: ServerContext, now: number, vacuumAt: number | null) {
  const stamps = new Map((await readStatusDayStamps(await context.store())).map((s) => [s.day, s.countedAt]));
  const lastClosed = floorDay(now - CLOSE_MARGIN_MS) - DAY;
  const present: number[] = [];
  for (let from = 0; ;) {
    const day = await context.mastodon.retention.nextStatusDay(from);
    if (day === null || day > lastClosed) break;
    present.push(day);
    from = day + DAY;
  }
  const recentFrom = floorDay(now) - (RECENT_LIVE_DAYS + 1) * DAY;
  const age = (day: number) => stamps.get(dayKey(day))?.getTime();
  const never = present.filter((d) => age(d) === undefined);
  const recent = present.filter((d) => d >= recentFrom && age(d) !== undefined);
  const stale = present
    .filter((d) => d < recentFrom && age(d) !== undefined)
    .filter((d) => (vacuumAt !== null && age(d)! < vacuumAt) || now - age(d)! >= REFRESH_AFTER_MS)
    .sort((a, b) => age(a)! - age(b)!);
  const presentKeys = new Set(present.map(dayKey));
  const gone = [...stamps.keys()].filter((key) => !presentKeys.has(key) && Date.parse(key) <= lastClosed);
  return { count: [...never, ...recent, ...stale], gone };
}

async function countMediaPass(context: ServerContext, now: number): Promise<number> {
  const started = performance.now();
  const retention = context.mastodon.retention;
  const write: MediaRollupWrite = { hours: new Map(), late: new Map(), countedAt: new Date(now), tookMs: 0 };
  let rows = 0;
  for (let after = "-1"; ;) {
    const upTo = await retention.mediaPieceEnd(after, MEDIA_PIECE_ROWS);
    if (upTo === null) break;
    for (const r of await retention.countMediaRollupPiece(after, upTo)) {
      const key = `${r.hourMs}|${r.lateAt}`;
      const sums =
        r.lateAt === null
          ? (write.hours.get(r.hourMs) ?? { files: 0, bytes: 0, interacted: 0 })
          : (write.late.get(key) ?? { hourMs: r.hourMs, lateAt: r.lateAt, files: 0, bytes: 0, interacted: 0 });
      sums.files += r.files;
      sums.bytes += r.bytes;
      sums.interacted += r.interacted;
      if (r.lateAt === null) write.hours.set(r.hourMs, sums);
      else write.late.set(key, { hourMs: r.hourMs, lateAt: r.lateAt, ...sums });
      rows += r.files;
    }
    after = upTo;
  }
  write.tookMs = performance.now() - started;
  await replaceMediaRollup(await context.store(), write);
  return rows;
}
