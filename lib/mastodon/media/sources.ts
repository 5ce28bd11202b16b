import "server-only";
import type pg from "pg";
import type { Origin, StorageKind } from "@/lib/shared/media-kinds";
import { bucketSql, type IdScheme } from "./id-buckets";

/**
 * Every table whose files Mastodon counts as media storage, with the SQL that
 * counts one id range of it, using Mastodon's own definitions (facts §1, §7):
 *
 * - attachments: file + thumbnail size; local = the account's domain IS NULL
 *   (how `tootctl media usage` splits it); evicted = remote_url <> '' with the
 *   file cleared (MediaAttachmentsVacuum / AttachmentBatch#clear NULLs the
 *   file_* and thumbnail_* columns, so the row counts 0 bytes).
 * - avatars, headers: accounts.*_file_size; evicted = a remote account whose
 *   file is gone but whose remote URL is kept.
 * - emoji: custom_emojis.image_file_size; local = domain IS NULL.
 * - preview_cards: image_file_size; never local (PreviewCard#local? is false).
 * - backups (int8 sizes), site_uploads, and imports (Mastodon 4.3 only: the
 *   table was dropped in 4.4; tootctl and space_usage still counted it in 4.3).
 *
 * A count returns rows keyed by (kind, bucket, day, origin, domain); `day` is
 * when the bytes landed: media created_at (a re-download resets it), the
 * account's creation day (from its id) for avatars and headers, created_at
 * elsewhere. Domains of attachments come from a join to accounts limited to
 * the chunk's rows, never a scan of accounts.
 */
export type { Origin, StorageKind } from "@/lib/shared/media-kinds";
export { DOMAIN_KINDS, STORAGE_KINDS } from "@/lib/shared/media-kinds";

export interface CountedRow {
  kind: StorageKind;
  bucket: number;
  day: string;
  origin: Origin;
  domain: string;
  bytes: number;
  files: number;
  evicted: number;
}

export interface IdRange {
  /** Exclusive. */
  after: bigint;
  /** Inclusive. */
  upTo: bigint;
}

export type Queryable = Pick<pg.Pool, "query"> | Pick<pg.PoolClient, "query">;

export interface StorageSource {
  name: "media_attachments" | "accounts" | "custom_emojis" | "preview_cards" | "backups" | "site_uploads" | "imports";
  table: string;
  kinds: StorageKind[];
  /** "whole": small tables recounted entirely on every run. */
  ids: IdScheme | "whole";
  /** Counts the rows in `range` (or the whole table for "whole" sources). */
  count(db: Queryable, range: IdRange | null): Promise<{ rows: CountedRow[]; scanned: number }>;
}

type Raw = Record<string, string | number | null>;

const n = (v: string | number | null | undefined) => Number(v ?? 0);
const where = (alias: string, range: IdRange | null) => (range ? `WHERE ${alias}.id > $1 AND ${alias}.id <= $2` : "");
const params = (range: IdRange | null) => (range ? [range.after.toString(), range.upTo.toString()] : []);

async function run(db: Queryable, sql: string, range: IdRange | null, toRows: (r: Raw) => CountedRow[]) {
  const { rows } = await (db as pg.Pool).query<Raw>(sql, params(range));
  return { rows: rows.flatMap(toRows), scanned: rows.reduce((sum, r) => sum + n(r.scanned), 0) };
}

function row(kind: StorageKind, r: Raw, bytes: unknown, files: unknown, evicted: unknown): CountedRow {
  return {
    kind,
    bucket: n(r.bucket),
    day: String(r.day),
    origin: r.origin === "local" ? "local" : "remote",
    domain: String(r.domain ?? ""),
    bytes: n(bytes as string),
    files: n(files as string),
    evicted: n(evicted as string),
  };
}

/**
 * One kind counted from one table: the SELECT every single-kind source shares
 * (bucket, landing day, origin, domain, bytes, files present, evicted files,
 * rows scanned), grouped per key.
 */
interface KindQuery {
  kind: StorageKind;
  /** FROM clause with the table aliased `t`. */
  from: string;
  bucket: string;
  day: string;
  origin: string;
  domain: string;
  bytes: string;
  files: string;
  evicted: string;
}

function countKind(q: KindQuery, db: Queryable, range: IdRange | null) {
  return run(
    db,
    `SELECT ${q.bucket} AS bucket, to_char(${q.day}, 'YYYY-MM-DD') AS day, ${q.origin} AS origin, ${q.domain} AS domain,
            sum(${q.bytes}) AS bytes, count(*) FILTER (WHERE ${q.files}) AS files, 
            count(*) FILTER (WHERE ${q.evicted}) AS evicted, count(*) AS scanned
       FROM ${q.from} ${where("t", range)}
      GROUP BY 1, 2, 3, 4`,
    range,
    (r) => [row(q.kind, r, r.bytes, r.files, r.evicted)],
  );
}

// Domains come from the chunk's own accounts: the media rows are first
// summed per account, then only those accounts are read, by primary key in id
// order (`id = ANY(...)`). A plain join lets the planner hash all of
// accounts for every chunk, which is the full scan this must never be.
const mediaAttachments: StorageSource = {
  name: "media_attachments",
  table: "media_attachments",
  kinds: ["attachments"],
  ids: "snowflake",
  count(db, range) {
    return run(
      db,
      `WITH m AS MATERIALIZED (
         SELECT t.account_id, ${bucketSql("snowflake", "t.id")} AS bucket, to_char(t.created_at, 'YYYY-MM-DD') AS day,
                sum(COALESCE(t.file_file_size, 0)::bigint + COALESCE(t.thumbnail_file_size, 0)) AS bytes,
                count(*) FILTER (WHERE t.file_file_name IS NOT NULL) AS files,
                count(*) FILTER (WHERE t.file_file_name IS NULL AND t.remote_url <> '') AS evicted,
                count(*) AS scanned
           FROM media_attachments t ${where("t", range)}
          GROUP BY 1, 2, 3),
       a AS MATERIALIZED (
         SELECT id, domain FROM accounts
          WHERE id = ANY(ARRAY(SELECT DISTINCT account_id FROM m WHERE account_id IS NOT NULL ORDER BY 1)))
       SELECT m.bucket, m.day, CASE WHEN a.id IS NOT NULL AND a.domain IS NULL THEN 'local' ELSE 'remote' END AS origin,
              COALESCE(a.domain, '') AS domain, sum(m.bytes) AS bytes, sum(m.files) AS files, 
              sum(m.evicted) AS evicted, sum(m.scanned) AS scanned
         FROM m LEFT JOIN a ON a.id = m.account_id
        GROUP BY 1, 2, 3, 4`,
      range,
      (r) => [row("attachments", r, r.bytes, r.files, r.evicted)],
    );
  },
};

const accounts: StorageSource = {
  name: "accounts",
  table: "accounts",
  kinds: ["avatars", "headers"],
  ids: "snowflake",
  count(db, range) {
    const bucket = bucketSql("snowflake", "t.id");
    const image = (kind: "avatar" | "header") => `
      sum(COALESCE(t.${kind}_file_size, 0)) AS ${kind}_bytes,
      count(*) FILTER (WHERE t.${kind}_file_name IS NOT NULL) AS ${kind}_files,
      count(*) FILTER (WHERE t.domain IS NOT NULL AND t.${kind}_file_name IS NULL
                         AND COALESCE(t.${kind}_remote_url, '') <> '') AS ${kind}_evicted`;
    return run(
      db,
      `SELECT ${bucket} AS bucket, to_char(date '1970-01-01' + (${bucket})::int, 'YYYY-MM-DD') AS day,
              CASE WHEN t.domain IS NULL THEN 'local' ELSE 'remote' END AS origin, COALESCE(t.domain, '') AS domain,
              ${image("avatar")}, ${image("header")}, count(*) AS scanned
         FROM accounts t ${where("t", range)}
        GROUP BY 1, 2, 3, 4`,
      range,
      (r) =>
        [
          row("avatars", r, r.avatar_bytes, r.avatar_files, r.avatar_evicted),
          row("headers", r, r.header_bytes, r.header_files, r.header_evicted),
        ].filter((x) => x.bytes || x.files || x.evicted),
    );
  },
};

const customEmojis: StorageSource = {
  name: "custom_emojis",
  table: "custom_emojis",
  kinds: ["emoji"],
  ids: "sequence",
  count: (db, range) =>
    countKind(
      {
        kind: "emoji",
        from: "custom_emojis t",
        bucket: bucketSql("sequence", "t.id"),
        day: "t.created_at",
        origin: "CASE WHEN t.domain IS NULL THEN 'local' ELSE 'remote' END",
        domain: "COALESCE(t.domain, '')",
        bytes: "COALESCE(t.image_file_size, 0)",
        files: "t.image_file_name IS NOT NULL",
        evicted: "t.domain IS NOT NULL AND t.image_file_name IS NULL",
      },
      db,
      range,
    ),
};

// Cards whose image the vacuum cleared look like cards that never had one,
// so no evicted count is claimed for them.
const previewCards: StorageSource = {
  name: "preview_cards",
  table: "preview_cards",
  kinds: ["preview_cards"],
  ids: "sequence",
  count: (db, range) =>
    countKind(
      {
        kind: "preview_cards",
        from: "preview_cards t",
        bucket: bucketSql("sequence", "t.id"),
        day: "t.created_at",
        origin: "'remote'",
        domain: "''",
        bytes: "COALESCE(t.image_file_size, 0)",
        files: "COALESCE(t.image_file_name, '') <> ''",
        evicted: "false",
      },
      db,
      range,
    ),
};

function wholeTable(
  name: "backups" | "site_uploads" | "imports",
  kind: StorageKind,
  size: string,
  fileName: string,
): StorageSource {
  return {
    name,
    table: name,
    kinds: [kind],
    ids: "whole",
    count: (db) =>
      countKind(
        {
          kind,
          from: `${name} t`,
          bucket: "0",
          day: "t.created_at",
          origin: "'local'",
          domain: "''",
          bytes: `COALESCE(t.${size}, 0)`,
          files: `t.${fileName} IS NOT NULL`,
          evicted: "false",
        },
        db,
        null,
      ),
  };
}

export const SOURCES: StorageSource[] = [
  mediaAttachments,
  accounts,
  customEmojis,
  previewCards,
  wholeTable("backups", "backups", "dump_file_size", "dump_file_name"),
  wholeTable("site_uploads", "site_uploads", "file_file_size", "file_file_name"),
  wholeTable("imports", "imports", "data_file_size", "data_file_name"),
];

export function findSource(name: string): StorageSource | undefined {
  return SOURCES.find((s) => s.name === name);
}

/** The sources this database has (imports only until Mastodon 4.4). */
export async function presentSources(db: Queryable): Promise<StorageSource[]> {
  const { rows } = await (db as pg.Pool).query<{ name: string }>(
    "SELECT t AS name FROM unnest($1::text[]) t WHERE to_regclass('public.' || quote_ident(t)) IS NOT NULL",
    [SOURCES.map((s) => s.table)],
  );
  const present = new Set(rows.map((r) => r.name));
  return SOURCES.filter((s) => present.has(s.table));
}
