import "server-only";
import type pg from "pg";
import type { Redis } from "ioredis";
import type { SidekiqKeys } from "@/lib/mastodon/sidekiq/keys";

/**
 * What the Sidekiq Redis says of the nightly vacuum (facts B4). Mastodon
 * records no run; sidekiq-scheduler (v5.0.6 / v6.0.2, redis_manager.rb and
 * utils.rb) keeps, after each cron trigger:
 * - `sidekiq-scheduler:last_times` field `vacuum_scheduler`: the trigger time
 *   (when it enqueued the job, not when it ran), a Ruby Time written with
 *   to_s ("2026-12-02 03:17:00 +0000" or "… UTC");
 * - `sidekiq-scheduler:next_times` field `vacuum_scheduler`: rufus' next time,
 *   re-rolled at every Sidekiq restart (the ERB cron in config/sidekiq.yml);
 * - `sidekiq-scheduler:pushed:vacuum_scheduler`: zset of enqueue epochs (seconds), kept 24 hours;
 * - `sidekiq-scheduler:states` field `vacuum_scheduler`: `{"enabled":false}` when disabled in its web page.
 * All go through Sidekiq.redis, so Mastodon 4.3's REDIS_NAMESPACE prefixes them.
 */
export const VACUUM_JOB_NAME = "vacuum_scheduler";
export const VACUUM_CLASS = "Scheduler::VacuumScheduler";

export interface VacuumSchedule {
  /** When sidekiq-scheduler last enqueued it, epoch ms; null when Redis holds no such time. */
  lastEnqueuedAt: number | null;
  lastEnqueuedRaw: string | null;
  /** When it is next due, epoch ms, as the scheduler that wrote last computed it. */
  nextDueAt: number | null;
  nextDueRaw: string | null;
  /** Enqueue times of the last 24 hours (the de-duplication zset), epoch ms, oldest first. */
  pushedAt: number[];
  /** False when disabled in sidekiq-scheduler's web page; null when no state is stored. */
  enabled: boolean | null;
}

export function schedulerKeys(prefix: string) {
  return {
    lastTimes: `${prefix}sidekiq-scheduler:last_times`,
    nextTimes: `${prefix}sidekiq-scheduler:next_times`,
    states: `${prefix}sidekiq-scheduler:states`,
    pushed: (name: string) => `${prefix}sidekiq-scheduler:pushed:${name}`,
  };
}

/** Ruby Time#to_s ("2026-12-02 03:17:00 +0000", "… UTC"), ISO 8601, or epoch seconds, as epoch ms. */
export function parseSchedulerTime(raw: string | null): number | null {
  if (raw === null) return null;
  const text = raw.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const ruby = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2}(?:\.\d+)?)\s*(UTC|Z|[+-]\d{2}:?\d{2})?$/.exec(text);
  if (!ruby) return null;
  const zone =
    ruby[3] === undefined || ruby[3] === "UTC" || ruby[3] === "Z"
      ? "Z"
      : ruby[3].replace(/^([+-]\d{2})(\d{2})$/, "$1:$2");
  const ms = Date.parse(`${ruby[1]}T${ruby[2]}${zone}`);
  return Number.isNaN(ms) ? null : ms;
}

export async function readVacuumSchedule(redis: Redis, prefix: string): Promise<VacuumSchedule> {
  const k = schedulerKeys(prefix);
  const results = await redis
    .pipeline()
    .hget(k.lastTimes, VACUUM_JOB_NAME)
    .hget(k.nextTimes, VACUUM_JOB_NAME)
    .zrange(k.pushed(VACUUM_JOB_NAME), "0", "-1", "WITHSCORES")
    .hget(k.states, VACUUM_JOB_NAME)
    .exec();
  if (!results) throw new Error("Redis discarded the pipeline.");
  const value = (i: number) => {
    const [error, reply] = results[i] ?? [null, null];
    // A key of another type (WRONGTYPE) reads as absent rather than failing the page.
    return error ? null : reply;
  };
  const lastRaw = value(0) as string | null;
  const nextRaw = value(1) as string | null;
  const pushed = (value(2) as string[] | null) ?? [];
  const pushedAt = pushed
    .filter((_, i) => i % 2 === 1)
    .map((s) => Number(s) * 1000)
    .filter(Number.isFinite);
  return {
    lastEnqueuedAt: parseSchedulerTime(lastRaw),
    lastEnqueuedRaw: lastRaw,
    nextDueAt: parseSchedulerTime(nextRaw),
    nextDueRaw: nextRaw,
    pushedAt,
    enabled: parseEnabled(value(3) as string | null),
  };
}

function parseEnabled(raw: string | null): boolean | null {
  if (raw === null) return null;
  try {
    const state = JSON.parse(raw) as { enabled?: unknown };
    return typeof state.enabled === "boolean" ? state.enabled : null;
  } catch {
    return null;
  }
}

/**
 * Whether sidekiq-unique-jobs holds the vacuum's until_executed lock
 * (`<digest>:LOCKED`, lock_ttl one day). The digest is read from the
 * `lock_digest` field of the vacuum's own payloads (queued, running, failed):
 * the class, queue and empty args are the same in every run, so so is it.
 */
export async function lockedDigests(redis: Redis, keys: SidekiqKeys, digests: readonly string[]): Promise<string[]> {
  const held: string[] = [];
  for (const digest of new Set(digests)) {
    if (!/^[\w:.-]{1,200}$/.test(digest)) continue;
    if ((await redis.exists(`${keys.prefix}${digest}:LOCKED`)) === 1) held.push(digest);
  }
  return held;
}

/** `"lock_digest":"uniquejobs:<hex>"` from a stored payload, when the unique-jobs middleware added it. */
export function lockDigestOf(raw: string): string | null {
  const match = /"lock_digest":"([^"\\]{1,200})"/.exec(raw);
  return match?.[1] ?? null;
}

export interface OverdueCache {
  /** The oldest cached remote media the vacuum should have cleared by now: id, created_at; null when none. */
  media: { id: string; createdAt: Date } | null;
  /** The oldest kept remote status older than the content period plus the grace. */
  status: { id: string; createdAt: Date } | null;
}

/**
 * The "retention is set but nothing happens" probe: the first row (lowest id)
 * the vacuum's own predicate selects at a cutoff `graceDays` older than its
 * period. Media: `remote_url <> '' AND file_file_name IS NOT NULL AND
 * created_at < cutoff AND updated_at < cutoff`; statuses: kept, by a remote
 * account, `id < Snowflake.id_at(cutoff)` (ms << 16).
 */
export async function readOverdueCache(
  db: Pick<pg.Pool, "query">,
  periods: { mediaDays: number | null; contentDays: number | null },
  graceDays: number,
  nowMs: number,
): Promise<OverdueCache> {
  const day = 86_400_000;
  let media: OverdueCache["media"] = null;
  let status: OverdueCache["status"] = null;
  if (periods.mediaDays !== null) {
    const cutoff = new Date(nowMs - (periods.mediaDays + graceDays) * day);
    const { rows } = await db.query<{ id: string; created_at: Date }>(
      `SELECT id::text, created_at FROM media_attachments
        WHERE remote_url <> '' AND file_file_name IS NOT NULL
          AND created_at < ($1::timestamptz AT TIME ZONE 'UTC') AND updated_at < ($1::timestamptz AT TIME ZONE 'UTC')
        ORDER BY id LIMIT 1`,
      [cutoff.toISOString()],
    );
    if (rows[0]) media = { id: rows[0].id, createdAt: rows[0].created_at };
  }
  if (periods.contentDays !== null) {
    const cutoffMs = nowMs - (periods.contentDays + graceDays) * day;
    const maxId = (BigInt(cutoffMs) << 16n).toString();
    const { rows } = await db.query<{ id: string }>(
      `SELECT s.id::text FROM statuses s JOIN accounts a ON a.id = s.account_id AND a.domain IS NOT NULL
        WHERE s.deleted_at IS NULL AND s.id < $1::bigint ORDER BY s.id LIMIT 1`,
      [maxId],
    );
    if (rows[0]) status = { id: rows[0].id, createdAt: new Date(Number(BigInt(rows[0].id) >> 16n)) };
  }
  return { media, status };
}
