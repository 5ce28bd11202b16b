import "server-only";
import type { MsRange, WhatIf, WhatIfPeriods, WhatIfPlan } from "@/lib/mastodon/retention/area";
import type { ServerContext } from "@/lib/server/context";
import { readMediaRollupState, sumMediaRollup, sumStatusHours } from "@/lib/store/retention-rollup";

/**
 * The what-if on a large instance: whole UTC hours of ids from the worker's
 * rollup (lib/retention/what-if-rollup-run.ts) plus a live count of the
 * rest, so the figures are the vacuums' predicates (facts B5) without
 * counting millions of rows per request.
 *
 * - Remote posts: the rollup's hours before the cutoff's hour (the content
 *   vacuum ages posts by id, so a post belongs to the hour of its id); the
 *   cutoff's own hour, the last RECENT_LIVE_DAYS days and any hour the
 *   rollup lacks are counted live over their id ranges. No rollup: all live.
 * - Cached media: rows whose id is of an hour before the cutoff's hour (or
 *   the recent days) from the rollup, split so a cutoff inside an hour still
 *   compares exactly (migration 0026); newer ids, live. Only a pass that
 *   started after the cutoff is used: a row changed since then has an
 *   updated_at after the cutoff, which the vacuum's predicate leaves out.
 * - Preview cards, archives and the orphan pass are small or indexed: live.
 * What the rollup cannot see is what changed on an older id after it was
 * counted (a vacuum run, an old post fetched, a new favourite of an old
 * post, a file cleared): the worker recounts after a vacuum run and every
 * day daily, and the page says when the rolled-up part was counted.
 */
export const RECENT_LIVE_DAYS = 2;
const DAY = 86_400_000;
const HOUR = 3_600_000;

export const floorDay = (ms: number) => Math.floor(ms / DAY) * DAY;
export const floorHour = (ms: number) => Math.floor(ms / HOUR) * HOUR;
export const dayKey = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export interface RolledUpWhatIf extends WhatIf {
  /** When the rolled-up parts were counted (ISO; the oldest day used); null where all was counted live. */
  rolledUp: { statusesCountedAt: string | null; mediaCountedAt: string | null };
}

/** The ranges between 0 and `untilMs` not covered by the counted stretches (sorted, disjoint). */
export function liveRanges(counted: readonly (readonly [number, number])[], untilMs: number): MsRange[] {
  const ranges: MsRange[] = [];
  let from = 0;
  for (const [start, end] of counted) {
    if (start >= untilMs) break;
    if (start > from) ranges.push([from, start]);
    from = Math.max(from, end);
  }
  if (untilMs > from) ranges.push([from, untilMs]);
  return ranges;
}

export async function readRolledUpWhatIf(
  context: ServerContext,
  periods: WhatIfPeriods,
  nowMs = Date.now(),
): Promise<RolledUpWhatIf> {
  const store = await context.store();
  const recentFrom = floorDay(nowMs) - RECENT_LIVE_DAYS * DAY;
  const plan: WhatIfPlan = {};
  const rolledUp: RolledUpWhatIf["rolledUp"] = { statusesCountedAt: null, mediaCountedAt: null };

  let statusSums: Awaited<ReturnType<typeof sumStatusHours>>["sums"] | null = null;
  if (periods.contentDays !== null) {
    const cutoff = nowMs - periods.contentDays * DAY;
    const rolledBefore = Math.min(floorHour(cutoff), recentFrom);
    const { sums, counted, oldestCountedAt } = await sumStatusHours(store, rolledBefore);
    plan.statusRanges = liveRanges(counted, cutoff);
    statusSums = sums;
    rolledUp.statusesCountedAt = oldestCountedAt?.toISOString() ?? null;
  }

  let mediaSums: Awaited<ReturnType<typeof sumMediaRollup>> | null = null;
  if (periods.mediaDays !== null) {
    const cutoff = nowMs - periods.mediaDays * DAY;
    const state = await readMediaRollupState(store);
    if (state && state.countedAt.getTime() >= cutoff) {
      const idsFrom = Math.min(floorHour(cutoff), recentFrom);
      mediaSums = await sumMediaRollup(store, idsFrom, new Date(cutoff).toISOString());
      plan.mediaIdsFromMs = idsFrom;
      rolledUp.mediaCountedAt = state.countedAt.toISOString();
    }
  }

  const live = await context.mastodon.retention.readWhatIf(periods, nowMs, plan);
  const statuses =
    live.statuses && statusSums
      ? {
          total: live.statuses.total + statusSums.total,
          untouched: live.statuses.untouched + statusSums.total - statusSums.touched,
          favourited: live.statuses.favourited + statusSums.favourited,
          bookmarked: live.statuses.bookmarked + statusSums.bookmarked,
          pinned: live.statuses.pinned + statusSums.pinned,
          repliedTo: live.statuses.repliedTo + statusSums.repliedTo,
          boosted: live.statuses.boosted + statusSums.boosted,
          directToLocals: live.statuses.directToLocals + statusSums.direct,
          localBoostsCascaded: live.statuses.localBoostsCascaded + statusSums.localBoosts,
        }
      : live.statuses;
  const media =
    live.media && mediaSums
      ? {
          files: live.media.files + mediaSums.files,
          bytes: live.media.bytes + mediaSums.bytes,
          ofInteractedPosts: live.media.ofInteractedPosts + mediaSums.interacted,
        }
      : live.media;
  return { ...live, statuses, media, rolledUp };
}
