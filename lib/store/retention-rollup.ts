import "server-only";
import { inTransaction } from "@/lib/pg/in-transaction";
import type { Store } from "./connection";

/**
 * The retention what-if's rollup (migration 0026), written by the worker
 * (lib/retention/what-if-rollup.ts) and summed by the what-if. Hours are
 * timestamptz (epoch ms in and out), the media's touched times UTC wall
 * times as Mastodon's columns hold them; the store only sums, the feature
 * decides what to use.
 */
export interface StatusDayRow {
  total: number;
  favourited: number;
  bookmarked: number;
  pinned: number;
  repliedTo: number;
  boosted: number;
  direct: number;
  touched: number;
  localBoosts: number;
}

export interface MediaRollupSums {
  files: number;
  bytes: number;
  interacted: number;
}

const STATUS_COLUMNS = [
  ["total", "total"],
  ["favourited", "favourited"],
  ["bookmarked", "bookmarked"],
  ["pinned", "pinned"],
  ["repliedTo", "replied_to"],
  ["boosted", "boosted"],
  ["direct", "direct"],
  ["touched", "touched"],
  ["localBoosts", "local_boosts"],
] as const satisfies readonly (readonly [keyof StatusDayRow, string])[];

/** When each counted UTC day was last counted (the oldest of its hours), by day 'YYYY-MM-DD'. */
export async function readStatusDayStamps(store: Store): Promise<{ day: string; countedAt: Date }[]> {
  const { rows } = await store.pool.query<{ day: string; counted_at: Date }>(
    `SELECT to_char(hour AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, min(counted_at) AS counted_at
       FROM howdah.retention_status_hours GROUP BY 1 ORDER BY 1`,
  );
  return rows.map((r) => ({ day: r.day, countedAt: r.counted_at }));
}

/**
 * The sums of the counted hours before `beforeMs`, and the stretches of
 * counted hours (epoch ms, [from, to)) so the what-if counts the rest live.
 */
export async function sumStatusHours(
  store: Store,
  beforeMs: number,
): Promise<{ sums: StatusDayRow; counted: [number, number][]; oldestCountedAt: Date | null }> {
  const before = new Date(beforeMs);
  const { rows } = await store.pool.query<Record<string, string | Date | null>>(
    `SELECT ${STATUS_COLUMNS.map(([, c]) => `coalesce(sum(${c}), 0)::text AS ${c}`).join(", ")},
            min(counted_at) AS oldest
       FROM howdah.retention_status_hours WHERE hour < $1`,
    [before],
  );
  // Stretches of consecutive hours (gaps-and-islands): a handful of rows, not one per hour.
  const { rows: islands } = await store.pool.query<{ from_ms: string; to_ms: string }>(
    `SELECT (extract(epoch FROM min(hour)) * 1000)::bigint::text AS from_ms,
            (extract(epoch FROM max(hour)) * 1000 + 3600000)::bigint::text AS to_ms
       FROM (SELECT hour, hour - (row_number() OVER (ORDER BY hour)) * interval '1 hour' AS island
               FROM howdah.retention_status_hours WHERE hour < $1) h
      GROUP BY island ORDER BY 1`,
    [before],
  );
  const r = rows[0]!;
  const sums = Object.fromEntries(STATUS_COLUMNS.map(([k, c]) => [k, Number(r[c])])) as unknown as StatusDayRow;
  return {
    sums,
    counted: islands.map((i) => [Number(i.from_ms), Number(i.to_ms)]),
    oldestCountedAt: (r.oldest as Date | null) ?? null,
  };
}

/** Replaces one UTC day's hours with these (hours left out had no remote posts), in one transaction. */
export async function replaceStatusDay(
  store: Store,
  dayStartMs: number,
  hours: { hourMs: number; row: StatusDayRow }[],
  countedAt: Date,
): Promise<void> {
  await inTransaction(store.pool, async (client) => {
    await client.query("DELETE FROM howdah.retention_status_hours WHERE hour >= $1 AND hour < $2", [
      new Date(dayStartMs),
      new Date(dayStartMs + 86_400_000),
    ]);
    if (hours.length > 0)
      await client.query(
        `INSERT INTO howdah.retention_status_hours (hour, ${STATUS_COLUMNS.map(([, c]) => c).join(", ")}, counted_at)
         SELECT *, $${STATUS_COLUMNS.length + 2}::timestamptz FROM unnest($1::timestamptz[],
           ${STATUS_COLUMNS.map((_, i) => `$${i + 2}::bigint[]`).join(", ")})`,
        [hours.map((h) => new Date(h.hourMs)), ...STATUS_COLUMNS.map(([k]) => hours.map((h) => h.row[k])), countedAt],
      );
  });
}

/** Drops the hours of days the rollup no longer finds statuses on. */
export async function deleteStatusDays(store: Store, days: string[]): Promise<void> {
  if (days.length > 0)
    await store.pool.query(
      "DELETE FROM howdah.retention_status_hours WHERE (hour AT TIME ZONE 'UTC')::date = ANY($1::date[])",
      [days],
    );
}

/** When the media tables were last replaced by a complete pass; null before the first. */
export async function readMediaRollupState(store: Store): Promise<{ countedAt: Date; tookMs: number } | null> {
  const { rows } = await store.pool.query<{ counted_at: Date; took_ms: number }>(
    "SELECT counted_at, took_ms FROM howdah.retention_rollup_state WHERE part = 'media'",
  );
  return rows[0] ? { countedAt: rows[0].counted_at, tookMs: rows[0].took_ms } : null;
}

/**
 * Cached remote media the rollup holds that the vacuum clears at `cutoff`
 * (UTC wall time): rows whose id is of an hour before `beforeMs` and not
 * touched in a later hour, plus those touched later before the cutoff.
 */
export async function sumMediaRollup(store: Store, beforeMs: number, cutoffIso: string): Promise<MediaRollupSums> {
  const { rows } = await store.pool.query<{ files: string; bytes: string; interacted: string }>(
    `SELECT sum(files)::text AS files, sum(bytes)::text AS bytes, sum(interacted)::text AS interacted FROM (
       SELECT coalesce(sum(files), 0) AS files, coalesce(sum(bytes), 0) AS bytes,
              coalesce(sum(interacted), 0) AS interacted
         FROM howdah.retention_media_hours WHERE hour < $1
       UNION ALL
       SELECT coalesce(sum(files), 0), coalesce(sum(bytes), 0), coalesce(sum(interacted), 0)
         FROM howdah.retention_media_late
        WHERE id_hour < $1 AND touched_at < ($2::timestamptz AT TIME ZONE 'UTC')) parts`,
    [new Date(beforeMs), cutoffIso],
  );
  const r = rows[0]!;
  return { files: Number(r.files), bytes: Number(r.bytes), interacted: Number(r.interacted) };
}

export interface MediaRollupWrite {
  hours: Map<number, MediaRollupSums>;
  late: Map<string, MediaRollupSums & { hourMs: number; lateAt: string }>;
  countedAt: Date;
  tookMs: number;
}

/** Replaces the media tables whole, in one transaction: a what-if never sees half a pass. */
export async function replaceMediaRollup(store: Store, write: MediaRollupWrite): Promise<void> {
  await inTransaction(store.pool, async (client) => {
    await client.query("DELETE FROM howdah.retention_media_hours");
    await client.query("DELETE FROM howdah.retention_media_late");
    const hours = [...write.hours.entries()];
    if (hours.length > 0)
      await client.query(
        `INSERT INTO howdah.retention_media_hours (hour, files, bytes, interacted)
         SELECT * FROM unnest($1::timestamptz[], $2::bigint[], $3::bigint[], $4::bigint[])`,
        [
          hours.map(([h]) => new Date(h)),
          ...(["files", "bytes", "interacted"] as const).map((k) => hours.map(([, s]) => s[k])),
        ],
      );
    const late = [...write.late.values()];
    if (late.length > 0)
      await client.query(
        `INSERT INTO howdah.retention_media_late (id_hour, touched_at, files, bytes, interacted)
         SELECT * FROM unnest($1::timestamptz[], $2::timestamp[], $3::bigint[], $4::bigint[], $5::bigint[])`,
        [
          late.map((l) => new Date(l.hourMs)),
          late.map((l) => l.lateAt),
          ...(["files", "bytes", "interacted"] as const).map((k) => late.map((l) => l[k])),
        ],
      );
    await client.query(
      `INSERT INTO howdah.retention_rollup_state (part, counted_at, took_ms) VALUES ('media', $1, $2)
       ON CONFLICT (part) DO UPDATE SET counted_at = EXCLUDED.counted_at, took_ms = EXCLUDED.took_ms`,
      [write.countedAt, Math.round(write.tookMs)],
    );
  });
}
