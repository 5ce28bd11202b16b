import "server-only";
import type { GatewayBase } from "../gateway/base";
import { withService, type ServiceName } from "../service-errors";
import { sidekiqKeys } from "../sidekiq/keys";
import { withSidekiq } from "../sidekiq/outage";
import { enqueueJob, type EnqueuedJob } from "../sidekiq-client/enqueue";
import { VACUUM_SCHEDULER_WORKER } from "../sidekiq-client/workers";
import { assertWritable } from "../version";
import {
  cacheNamespaces,
  readRetentionSettings,
  writeRetentionSettings,
  type RetentionChange,
  type RetentionSetting,
  type RetentionWriteResult,
} from "./settings";
import { readWhatIf, type WhatIf, type WhatIfPeriods, type WhatIfPlan } from "./what-if";
import { countMediaRollupPiece, mediaPieceEnd, type MediaRollupRow } from "./what-if-media";
import { countStatusHours, nextStatusDay, type StatusFigures } from "./what-if-statuses";
import { readWhatIfSample, type SampleRow, type WhatIfFigure } from "./what-if-sample";
import {
  lockDigestOf,
  lockedDigests,
  readOverdueCache,
  readVacuumSchedule,
  type OverdueCache,
  type VacuumSchedule,
} from "./vacuum-schedule";

export type {
  RetentionChange,
  RetentionSetting,
  RetentionTarget,
  RetentionVar,
  RetentionWriteResult,
  StoredState,
} from "./settings";
export { MASTODON_DEFAULT_DAYS, RETENTION_VARS } from "./settings";
export type { OverdueCache, VacuumSchedule } from "./vacuum-schedule";
export type { WhatIf, WhatIfPeriods, WhatIfPlan } from "./what-if";
export type { MediaFigures, MediaRollupRow } from "./what-if-media";
export type { MsRange, StatusFigures } from "./what-if-statuses";
export { addStatusFigures, NO_STATUSES } from "./what-if-statuses";
export type { SampleRow, WhatIfFigure } from "./what-if-sample";
export { WHAT_IF_FIGURES } from "./what-if-sample";
export { VACUUM_CLASS, lockDigestOf } from "./vacuum-schedule";

/**
 * Retention: Mastodon's three retention settings (read and written as its
 * admin form does, cache keys deleted), what the Sidekiq Redis says of the
 * nightly vacuum, the overdue-cache probe, and enqueueing the vacuum.
 */
export function createRetentionArea(base: GatewayBase) {
  const c = base.connections;
  const keys = sidekiqKeys(c.keyPrefix);
  const replica: ServiceName = c.hasReplica ? "PostgreSQL replica" : "PostgreSQL";
  return {
    /** The three settings from the primary (an admin expects to see what they just saved). */
    readSettings(): Promise<RetentionSetting[]> {
      return withService("PostgreSQL", () => readRetentionSettings(c.db));
    },
    /** All changes in one transaction (refused whole when a value moved since `expectedRaw`), then the cache. */
    async writeSettings(changes: readonly RetentionChange[]): Promise<RetentionWriteResult> {
      assertWritable(await base.version());
      return withService("PostgreSQL", () =>
        writeRetentionSettings(c.db, c.cacheRedis, cacheNamespaces(c.keyPrefix), changes),
      );
    },
    readVacuumSchedule(): Promise<VacuumSchedule> {
      return withSidekiq(() => readVacuumSchedule(c.sidekiqRedis, c.keyPrefix));
    },
    /** Which of these unique-jobs digests hold their `:LOCKED` key now. */
    lockedDigests(digests: readonly string[]): Promise<string[]> {
      return withSidekiq(() => lockedDigests(c.sidekiqRedis, keys, digests));
    },
    readOverdueCache(
      periods: { mediaDays: number | null; contentDays: number | null },
      graceDays: number,
      nowMs = Date.now(),
    ): Promise<OverdueCache> {
      return withService(replica, () => readOverdueCache(c.readDb, periods, graceDays, nowMs));
    },
    /**
     * What the next vacuum run would remove at these periods, by the vacuums'
     * own predicates (replica); with a plan, only what the rollup does not hold.
     */
    readWhatIf(periods: WhatIfPeriods, nowMs = Date.now(), plan: WhatIfPlan = {}): Promise<WhatIf> {
      return withService(replica, () => readWhatIf(c.readDb, periods, nowMs, plan));
    },
    /** The content vacuum's figures for the status ids of [fromMs, toMs), per UTC hour: the rollup's. */
    countStatusHours(fromMs: number, toMs: number): Promise<{ hourMs: number; figures: StatusFigures }[]> {
      return withService(replica, () => countStatusHours(c.readDb, fromMs, toMs));
    },
    /** The UTC day (start, ms) of the first status at or after `fromMs` by id; null when there is none. */
    nextStatusDay(fromMs: number): Promise<number | null> {
      return withService(replica, () => nextStatusDay(c.readDb, fromMs));
    },
    /** One piece of the rollup's pass over cached remote media, ids in (afterId, upToId]. */
    countMediaRollupPiece(afterId: string, upToId: string): Promise<MediaRollupRow[]> {
      return withService(replica, () => countMediaRollupPiece(c.readDb, afterId, upToId));
    },
    /** The id ending a piece of at most `rows` media rows after `afterId`; null past the last. */
    mediaPieceEnd(afterId: string, rows: number): Promise<string | null> {
      return withService(replica, () => mediaPieceEnd(c.readDb, afterId, rows));
    },
    /** The oldest rows one what-if figure counts at a period of `days` (replica). */
    readWhatIfSample(figure: WhatIfFigure, days: number, nowMs = Date.now()): Promise<SampleRow[]> {
      return withService(replica, () => readWhatIfSample(c.readDb, figure, days, nowMs));
    },
    /** Scheduler::VacuumScheduler on queue `scheduler`, as sidekiq-scheduler pushes it (no unique lock written). */
    async enqueueVacuum(): Promise<EnqueuedJob> {
      const version = await base.version();
      assertWritable(version);
      return withSidekiq(() =>
        enqueueJob(c.sidekiqRedis, keys, version.sidekiqFormat, {
          class: VACUUM_SCHEDULER_WORKER.class,
          options: VACUUM_SCHEDULER_WORKER.options,
          queue: "scheduler",
          itemOrder: "class-first",
          args: [],
        }),
      );
    },
    lockDigestOf,
  };
}

export type RetentionArea = ReturnType<typeof createRetentionArea>;
