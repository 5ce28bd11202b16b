import "server-only";
import type pg from "pg";
import { countMedia, type MediaFigures } from "./what-if-media";
import { BEFORE, DAY, utc } from "./what-if-sql";
import { countStatuses, type MsRange, type StatusFigures } from "./what-if-statuses";

/**
 * What the next vacuum run would remove at given periods, counted with the
 * vacuums' own predicates (facts B5, app/lib/vacuum/*.rb):
 * - MediaAttachmentsVacuum, cached part (within the id range below the
 *   cutoff: a media id is the snowflake of its created_at, so rows created
 *   before the cutoff all lie there, and the primary key bounds the scan): `remote_url <> '' AND file_file_name
 *   IS NOT NULL AND created_at < cutoff AND updated_at < cutoff` (files
 *   cleared, rows kept); it spares nothing locals interacted with, so those
 *   are counted apart for the admin to see;
 * - its orphan pass, always on: `status_id IS NULL AND scheduled_status_id IS
 *   NULL AND created_at < 1 day ago` (rows and files deleted);
 * - PreviewCardsVacuum (media period): `image_file_name NOT IN (NULL, '') AND updated_at < cutoff`;
 * - StatusesVacuum: kept statuses of remote accounts with `id <
 *   Snowflake.id_at(cutoff)` (ms << 16), split into untouched ones and those
 *   local users favourited, bookmarked, pinned, replied to, boosted or
 *   received as DMs; plus the local boosts of them the
 *   `reblog_of_id ON DELETE CASCADE` deletes;
 * - BackupsVacuum: `created_at < cutoff`.
 * A null period: that part is off (null figures), except the orphan pass.
 */
export interface WhatIfPeriods {
  mediaDays: number | null;
  contentDays: number | null;
  backupsDays: number | null;
}

export interface WhatIf {
  media: MediaFigures | null;
  previewCards: { images: number; bytes: number } | null;
  statuses: StatusFigures | null;
  archives: { count: number; bytes: number } | null;
  orphans: { files: number; bytes: number };
}

export { BEFORE, DAY, interacted, LOCAL_ACCOUNT, snowflakeAt, utc } from "./what-if-sql";

/**
 * What the caller (the rollup, lib/retention/what-if-rollup.ts) already
 * holds, so only the rest is counted here. Absent: everything is counted live.
 * - statusRanges: the time ranges whose status ids are still to be counted
 *   (the rollup's missing days, the recent days and the cutoff's own day);
 *   each is clipped to the cutoff here.
 * - mediaIdsFromMs: cached media whose id is below this UTC midnight's
 *   snowflake are the rollup's; only newer ids are counted.
 */
export interface WhatIfPlan {
  statusRanges?: readonly MsRange[];
  mediaIdsFromMs?: number;
}

export async function readWhatIf(
  db: Pick<pg.Pool, "query">,
  periods: WhatIfPeriods,
  nowMs: number,
  plan: WhatIfPlan = {},
): Promise<WhatIf> {
  const cutoff = (days: number) => nowMs - days * DAY;
  const statusRanges = (cutoffMs: number): MsRange[] =>
    (plan.statusRanges ?? [[0, cutoffMs]]).map(([from, to]) => [from, Math.min(to, cutoffMs)] as const);
  const [media, cards, statuses, archives, orphans] = await Promise.all([
    periods.mediaDays === null
      ? null
      : countMedia(db, cutoff(periods.mediaDays), Math.min(plan.mediaIdsFromMs ?? 0, cutoff(periods.mediaDays))),
    periods.mediaDays === null ? null : cardFigures(db, cutoff(periods.mediaDays)),
    periods.contentDays === null ? null : countStatuses(db, statusRanges(cutoff(periods.contentDays))),
    periods.backupsDays === null ? null : archiveFigures(db, cutoff(periods.backupsDays)),
    orphanFigures(db, nowMs - DAY),
  ]);
  return { media, previewCards: cards, statuses, archives, orphans };
}

async function cardFigures(db: Pick<pg.Pool, "query">, cutoffMs: number) {
  const { rows } = await db.query<{ images: string; bytes: string }>(
    `SELECT count(*) AS images, coalesce(sum(image_file_size), 0) AS bytes FROM preview_cards
      WHERE image_file_name IS NOT NULL AND image_file_name <> '' AND updated_at < ${BEFORE("$1")}`,
    [utc(cutoffMs)],
  );
  return { images: Number(rows[0]!.images), bytes: Number(rows[0]!.bytes) };
}

async function archiveFigures(db: Pick<pg.Pool, "query">, cutoffMs: number) {
  const { rows } = await db.query<{ count: string; bytes: string }>(
    `SELECT count(*) AS count, coalesce(sum(dump_file_size), 0) AS bytes FROM backups
      WHERE created_at < ${BEFORE("$1")}`,
    [utc(cutoffMs)],
  );
  return { count: Number(rows[0]!.count), bytes: Number(rows[0]!.bytes) };
}

async function orphanFigures(db: Pick<pg.Pool, "query">, cutoffMs: number) {
  const { rows } = await db.query<{ files: string; bytes: string }>(
    `SELECT count(*) AS files,
            coalesce(sum(coalesce(file_file_size, 0) + coalesce(thumbnail_file_size, 0)), 0) AS bytes
       FROM media_attachments
      WHERE status_id IS NULL AND scheduled_status_id IS NULL AND created_at < ${BEFORE("$1")}`,
    [utc(cutoffMs)],
  );
  return { files: Number(rows[0]!.files), bytes: Number(rows[0]!.bytes) };
}
