import "server-only";
import type { Origin, StorageKind } from "@/lib/shared/media-kinds";
import type { Store } from "./connection";

/**
 * Reads of the stored storage rollups for pages, the overview tile, the
 * forecast and /metrics. Each reads a derived table of a few hundred rows at
 * most.
 */
export interface KindTotal {
  kind: StorageKind;
  origin: Origin;
  bytes: number;
  files: number;
  evicted: number;
}

export interface DayTotal {
  day: string;
  kind: StorageKind;
  origin: Origin;
  bytes: number;
  addedBytes: number;
}

export interface Snapshot {
  day: string;
  mediaBytes: number;
  localBytes: number;
  remoteBytes: number;
  databaseBytes: number | null;
  redisBytes: number | null;
  freedBytes: number;
  complete: boolean;
}

const num = (v: string | null | undefined) => (v === null || v === undefined ? null : Number(v));

export async function readTotals(store: Store): Promise<KindTotal[]> {
  const { rows } = await store.pool.query<{
    kind: StorageKind;
    origin: Origin;
    bytes: string;
    files: string;
    evicted: string;
  }>("SELECT kind, origin, bytes::text, files::text, evicted::text FROM howdah.storage_totals");
  return rows.map((r) => ({
    kind: r.kind,
    origin: r.origin,
    bytes: Number(r.bytes),
    files: Number(r.files),
    evicted: Number(r.evicted),
  }));
}

export async function readDayTotals(store: Store, fromDay: string): Promise<DayTotal[]> {
  const { rows } = await store.pool.query<{
    day: string;
    kind: StorageKind;
    origin: Origin;
    bytes: string;
    added: string;
  }>(
    `SELECT to_char(day, 'YYYY-MM-DD') AS day, kind, origin, bytes::text, added_bytes::text AS added
       FROM howdah.storage_day_totals WHERE day >= $1::date ORDER BY day`,
    [fromDay],
  );
  return rows.map((r) => ({
    day: r.day,
    kind: r.kind,
    origin: r.origin,
    bytes: Number(r.bytes),
    addedBytes: Number(r.added),
  }));
}

export async function readSnapshots(store: Store, fromDay: string): Promise<Snapshot[]> {
  const { rows } = await store.pool.query<Record<string, string | null> & { day: string; complete: boolean }>(
    `SELECT to_char(day, 'YYYY-MM-DD') AS day, media_bytes::text AS media, local_bytes::text AS local,
            remote_bytes::text AS remote, database_bytes::text AS database, redis_bytes::text AS redis,
            freed_bytes::text AS freed, complete
       FROM howdah.storage_snapshots WHERE day >= $1::date ORDER BY day`,
    [fromDay],
  );
  return rows.map((r) => ({
    day: r.day,
    mediaBytes: Number(r.media),
    localBytes: Number(r.local),
    remoteBytes: Number(r.remote),
    databaseBytes: num(r.database),
    redisBytes: num(r.redis),
    freedBytes: Number(r.freed),
    complete: r.complete,
  }));
}

export interface CountingProgress {
  /** True once every table has had its first full count. */
  complete: boolean;
  /** 0..1, by rows, while the first backfill runs. */
  fraction: number;
  rowsDone: number;
  rowsEstimate: number;
  /** Tables still in their first count. */
  pending: string[];
  lastIncrementalAt: string | null;
  lastReconcileAt: string | null;
  /** A daily reconcile under way (after the first backfill). */
  reconciling: boolean;
}

export async function readProgress(store: Store): Promise<CountingProgress> {
  const { rows } = await store.pool.query<{
    source: string;
    incremental_at: Date | null;
    pass_started_at: Date | null;
    pass_rows_done: string;
    pass_rows_estimate: string;
    pass_completed_at: Date | null;
    first_completed_at: Date | null;
  }>(
    `SELECT source, incremental_at, pass_started_at, pass_rows_done::text, pass_rows_estimate::text, pass_completed_at,
            first_completed_at
       FROM howdah.storage_sources
      WHERE source IN ('media_attachments', 'accounts', 'custom_emojis', 'preview_cards')`,
  );
  const pending = rows.filter((r) => !r.first_completed_at);
  const complete = rows.length === 4 && pending.length === 0;
  const rowsEstimate = pending.reduce(
    (a, r) => a + Math.max(Number(r.pass_rows_estimate), Number(r.pass_rows_done)),
    0,
  );
  const rowsDone = pending.reduce((a, r) => a + Number(r.pass_rows_done), 0);
  const latest = (dates: (Date | null)[]) => {
    const times = dates.filter((d): d is Date => d !== null).map((d) => d.getTime());
    return times.length ? new Date(Math.max(...times)).toISOString() : null;
  };
  return {
    complete,
    fraction: complete ? 1 : rowsEstimate > 0 ? Math.min(0.99, rowsDone / rowsEstimate) : 0,
    rowsDone,
    rowsEstimate,
    pending: complete
      ? []
      : ["media_attachments", "accounts", "custom_emojis", "preview_cards"].filter(
          (s) => !rows.some((r) => r.source === s && r.first_completed_at),
        ),
    lastIncrementalAt: latest(rows.map((r) => r.incremental_at)),
    lastReconcileAt: latest(rows.map((r) => r.pass_completed_at)),
    reconciling: complete && rows.some((r) => r.pass_started_at !== null),
  };
}

/** The first day with a complete snapshot ("YYYY-MM-DD"), or null. */
export async function readFirstSnapshotDay(store: Store): Promise<string | null> {
  const { rows } = await store.pool.query<{ day: string | null }>(
    "SELECT to_char(min(day), 'YYYY-MM-DD') AS day FROM howdah.storage_snapshots WHERE complete",
  );
  return rows[0]?.day ?? null;
}
