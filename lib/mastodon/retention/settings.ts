import "server-only";
import type pg from "pg";
import type { Redis } from "ioredis";
import { HowdahError } from "@/lib/errors";
import { UTC_NOW } from "@/lib/mastodon/action-log/utc-now";
import { inTransaction } from "@/lib/pg/in-transaction";

/**
 * Mastodon's three retention settings, read and written as
 * Form::AdminSettings and Setting do (facts B1–B3, v4.3.23 / v4.6.5):
 * - `settings.value` holds Ruby's to_yaml: `--- 30\n` is 30 days, a cleared
 *   field is `--- ''\n` (an empty String, which ContentRetentionPolicy reads
 *   as disabled); only a missing row means the config/settings.yml default
 *   (7 days for user archives, nothing for the other two);
 * - 4.3 rows carry thing_type / thing_id NULL (Setting's default_scope) and
 *   the unique index is (thing_type, thing_id, var), so NULLs never conflict
 *   and `ON CONFLICT (var)` is impossible; 4.4+ dropped the columns and has a
 *   unique index on var. Both are written with UPDATE, then INSERT when no
 *   row was there, under an advisory lock so two Howdah writes cannot both
 *   insert on 4.3;
 * - Rails.cache keeps the read value for up to 10 minutes at
 *   `cache:rails_settings_cached/<md5>/<var>` (`<REDIS_NAMESPACE>_cache:` on a
 *   namespaced 4.3), on CACHE_REDIS_* when set: a direct write deletes it so
 *   the next read (the vacuum's) sees the new value.
 */
export const RETENTION_VARS = [
  "media_cache_retention_period",
  "content_cache_retention_period",
  "backups_retention_period",
] as const;
export type RetentionVar = (typeof RETENTION_VARS)[number];

/** config/settings.yml defaults (both versions): only archives have one. */
export const MASTODON_DEFAULT_DAYS: Record<RetentionVar, number | null> = {
  media_cache_retention_period: null,
  content_cache_retention_period: null,
  backups_retention_period: 7,
};

export type StoredState =
  /** No row: Mastodon uses the default of config/settings.yml. */
  | { kind: "default" }
  /** A row ContentRetentionPolicy reads as a positive Integer. */
  | { kind: "days"; days: number }
  /** A row it reads as disabled: blank, NULL, text, zero or negative; `why` says which. */
  | { kind: "disabled"; why: string };

export interface RetentionSetting {
  var: RetentionVar;
  /** The stored YAML text; null when there is no row, "" for a NULL value column. */
  raw: string | null;
  state: StoredState;
  /** Days the vacuum uses now (the default applied), null when that cleanup is off. */
  effectiveDays: number | null;
  updatedAt: Date | null;
}

/** What to write: a number of days, "disabled" (Mastodon's cleared field), or "default" (no row). */
export type RetentionTarget = { kind: "days"; days: number } | { kind: "disabled" } | { kind: "default" };

/** Ruby's to_yaml of what Form::AdminSettings stores: an Integer, or the blank String. */
export function toRubyYaml(target: { kind: "days"; days: number } | { kind: "disabled" }): string {
  return target.kind === "days" ? `--- ${target.days}\n` : "--- ''\n";
}

/** The stored YAML as Setting.[] + ContentRetentionPolicy read it. */
export function readStoredYaml(raw: string | null): StoredState {
  if (raw === null) return { kind: "default" };
  const body = raw
    .replace(/^---[ \t]*/, "")
    .replace(/\n\.\.\.\s*$/, "")
    .trim();
  if (body === "''" || body === '""') return { kind: "disabled", why: "blank (a cleared field in Mastodon's form)" };
  if (body === "" || body === "~" || body === "null") return { kind: "disabled", why: "empty (nil)" };
  if (/^(['"]).*\1$/s.test(body)) return { kind: "disabled", why: `text ${body}, not a number` };
  if (/^[-+]?\d+$/.test(body)) {
    const days = Number(body);
    return days > 0 && Number.isSafeInteger(days)
      ? { kind: "days", days }
      : { kind: "disabled", why: `${body}, not a positive number of days` };
  }
  return { kind: "disabled", why: "not an integer" };
}

function toSetting(name: RetentionVar, row: { value: string | null; updated_at: Date | null } | undefined) {
  const raw = row ? (row.value ?? "") : null;
  const state = readStoredYaml(raw);
  const effectiveDays =
    state.kind === "days" ? state.days : state.kind === "default" ? MASTODON_DEFAULT_DAYS[name] : null;
  return { var: name, raw, state, effectiveDays, updatedAt: row?.updated_at ?? null } satisfies RetentionSetting;
}

// to_jsonb(s) reads thing_type whether or not the column exists (4.3 vs 4.4+). ORDER BY id: on 4.3 a var can have
// several thing-less rows (NULLs never conflict); Mastodon's `where(var:).first` is the lowest id.
const READ_SQL = `SELECT DISTINCT ON (var) var, value, updated_at FROM settings s
  WHERE var = ANY($1::text[]) AND (to_jsonb(s) ->> 'thing_type') IS NULL AND (to_jsonb(s) ->> 'thing_id') IS NULL
  ORDER BY var, id`;

export async function readRetentionSettings(db: Pick<pg.Pool, "query">): Promise<RetentionSetting[]> {
  const { rows } = await db.query<{ var: RetentionVar; value: string | null; updated_at: Date | null }>(READ_SQL, [
    RETENTION_VARS,
  ]);
  const byVar = new Map(rows.map((r) => [r.var, r]));
  return RETENTION_VARS.map((name) => toSetting(name, byVar.get(name)));
}

export interface RetentionChange {
  var: RetentionVar;
  /** The raw value the admin's page loaded (null: no row); a different stored value refuses the whole write. */
  expectedRaw: string | null;
  target: RetentionTarget;
}

export interface RetentionWriteResult {
  before: RetentionSetting[];
  after: RetentionSetting[];
  /** The Rails.cache keys deleted, so Mastodon reads the new values. */
  deletedCacheKeys: string[];
}

const LOCK = "SELECT pg_advisory_xact_lock(hashtextextended('howdah:settings', 0))";

/** Writes every change in one transaction, refusing all of them when any stored value moved since it was loaded. */
export async function writeRetentionSettings(
  db: pg.Pool,
  cacheRedis: Redis,
  cacheNamespaces: readonly string[],
  changes: readonly RetentionChange[],
): Promise<RetentionWriteResult> {
  const { before, after } = await inTransaction(db, async (client) => {
    await client.query(LOCK);
    const hasThing = await settingsHaveThingColumns(client);
    const before = await readRetentionSettings(client);
    for (const change of changes) {
      const current = before.find((s) => s.var === change.var)!;
      if (current.raw !== change.expectedRaw) {
        throw new HowdahError(
          "conflict",
          `${change.var} was changed by someone else since this page loaded (it is now ${describeRaw(current.raw)}); ` +
            "reload the page and choose again. Nothing was saved.",
          { var: change.var, stored: current.raw },
        );
      }
    }
    for (const change of changes) await writeOne(client, hasThing, change);
    return { before, after: await readRetentionSettings(client) };
  });
  const deletedCacheKeys = await deleteCachedSettings(
    cacheRedis,
    cacheNamespaces,
    changes.map((c) => c.var),
  );
  return { before, after, deletedCacheKeys };
}

function describeRaw(raw: string | null): string {
  return raw === null ? "unset (Mastodon's default)" : JSON.stringify(raw);
}

async function settingsHaveThingColumns(client: pg.PoolClient): Promise<boolean> {
  const { rows } = await client.query(
    `SELECT 1 FROM information_schema.columns
      WHERE table_schema = current_schema() AND table_name = 'settings' AND column_name = 'thing_type'`,
  );
  return rows.length > 0;
}

async function writeOne(client: pg.PoolClient, hasThing: boolean, change: RetentionChange): Promise<void> {
  const scope = hasThing ? " AND thing_type IS NULL AND thing_id IS NULL" : "";
  if (change.target.kind === "default") {
    await client.query(`DELETE FROM settings WHERE var = $1${scope}`, [change.var]);
    return;
  }
  const value = toRubyYaml(change.target);
  // Every thing-less row of the var (4.3 may hold duplicates), so whichever Mastodon reads agrees.
  const updated = await client.query(
    `UPDATE settings SET value = $2, updated_at = ${UTC_NOW} WHERE var = $1${scope} AND value IS DISTINCT FROM $2`,
    [change.var, value],
  );
  if (updated.rowCount && updated.rowCount > 0) return;
  // Rails' first_or_initialize + update: a new row gets created_at = updated_at; thing_* left NULL on 4.3.
  await client.query(
    `INSERT INTO settings (var, value, created_at, updated_at)
     SELECT $1::varchar, $2::text, ${UTC_NOW}, ${UTC_NOW}
      WHERE NOT EXISTS (SELECT 1 FROM settings WHERE var = $1::varchar${scope})`,
    [change.var, value],
  );
}

/** The Rails.cache namespaces Mastodon may use: `cache`, and on a namespaced 4.3 `<ns>_cache`. */
export function cacheNamespaces(keyPrefix: string): string[] {
  const ns = keyPrefix.endsWith(":") ? keyPrefix.slice(0, -1) : keyPrefix;
  return ns ? [`${ns}_cache`, "cache"] : ["cache"];
}

/** SCAN for `<namespace>:rails_settings_cached/*\/<var>` and delete what matches. */
export async function deleteCachedSettings(
  redis: Redis,
  namespaces: readonly string[],
  vars: readonly string[],
): Promise<string[]> {
  const deleted: string[] = [];
  for (const namespace of namespaces) {
    for (const name of vars) {
      const pattern = `${globEscape(namespace)}:rails_settings_cached/*/${globEscape(name)}`;
      let cursor = "0";
      do {
        const [next, keys] = await redis.scan(cursor, "MATCH", pattern, "COUNT", 1000);
        cursor = next;
        if (keys.length > 0) {
          await redis.del(...keys);
          deleted.push(...keys);
        }
      } while (cursor !== "0");
    }
  }
  return deleted;
}

function globEscape(text: string): string {
  return text.replace(/[*?[\]\\]/g, "\\$&");
}
