import "server-only";
import type pg from "pg";

/**
 * What `tootctl media usage` computes (lib/mastodon/cli/media.rb,
 * object_storage_summary in 4.4+, text lines in 4.3 with an Imports line):
 * one full-table SUM per row, Local via Account.local / CustomEmoji.local.
 * Howdah never runs this for a page: it is the naive way the benchmark
 * measures the rollups against.
 */
export interface TootctlUsageRow {
  object: string;
  total: number;
  local: number | null;
}

export async function tootctlMediaUsage(db: Pick<pg.Pool, "query">): Promise<TootctlUsageRow[]> {
  const { rows: present } = await db.query<{ imports: boolean }>(
    "SELECT to_regclass('public.imports') IS NOT NULL AS imports",
  );
  const { rows } = await db.query<Record<string, string | null>>(`
    SELECT
      (SELECT sum(COALESCE(file_file_size, 0)::bigint + COALESCE(thumbnail_file_size, 0)) 
         FROM media_attachments) AS attachments,
      (SELECT sum(COALESCE(m.file_file_size, 0)::bigint + COALESCE(m.thumbnail_file_size, 0))
         FROM media_attachments m WHERE m.account_id IN (SELECT id FROM accounts WHERE domain IS NULL))
         AS attachments_local,
      (SELECT sum(image_file_size) FROM custom_emojis) AS emoji,
      (SELECT sum(image_file_size) FROM custom_emojis WHERE domain IS NULL) AS emoji_local,
      (SELECT sum(avatar_file_size) FROM accounts) AS avatars,
      (SELECT sum(avatar_file_size) FROM accounts WHERE domain IS NULL) AS avatars_local,
      (SELECT sum(header_file_size) FROM accounts) AS headers,
      (SELECT sum(header_file_size) FROM accounts WHERE domain IS NULL) AS headers_local,
      (SELECT sum(image_file_size) FROM preview_cards) AS preview_cards,
      (SELECT sum(dump_file_size) FROM backups) AS backups,
      ${present[0]?.imports ? "(SELECT sum(data_file_size) FROM imports)" : "NULL"} AS imports,
      (SELECT sum(file_file_size) FROM site_uploads) AS settings`);
  const r = rows[0]!;
  const n = (v: string | null | undefined) => Number(v ?? 0);
  const out: TootctlUsageRow[] = [
    { object: "Attachments", total: n(r.attachments), local: n(r.attachments_local) },
    { object: "Custom Emoji", total: n(r.emoji), local: n(r.emoji_local) },
    { object: "Avatars", total: n(r.avatars), local: n(r.avatars_local) },
    { object: "Headers", total: n(r.headers), local: n(r.headers_local) },
    { object: "Preview Cards", total: n(r.preview_cards), local: null },
    { object: "Backups", total: n(r.backups), local: null },
  ];
  if (present[0]?.imports) out.push({ object: "Imports", total: n(r.imports), local: null });
  out.push({ object: "Settings", total: n(r.settings), local: null });
  return out;
}
