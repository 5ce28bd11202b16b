import "server-only";
import type pg from "pg";

/**
 * Mastodon's media cache retention, read (never written) from the `settings`
 * table (facts §3). The value is a YAML document from Ruby's to_yaml:
 * `--- 30\n` is 30 days. ContentRetentionPolicy uses it only when it is an
 * Integer greater than 0, so a quoted string (`--- '30'`), nil, 0 or a
 * negative number all mean "disabled" — silently, in Mastodon's admin.
 * Instance settings are the rows with no thing (4.3 still had thing_type and
 * thing_id columns; they were dropped in 4.4).
 */
export interface MediaRetention {
  /** Days, when the vacuum will clear cached remote media; null when disabled. */
  days: number | null;
  /** The stored YAML, or null when the setting was never saved. */
  raw: string | null;
  /** One sentence on what Mastodon does with this value. */
  explanation: string;
}

export function parseRetentionYaml(raw: string | null): MediaRetention {
  if (raw === null) return { days: null, raw, explanation: "Not set: Mastodon keeps cached remote media forever." };
  const body = raw
    .replace(/^---[ \t]*/, "")
    .replace(/\n\.\.\.\s*$/, "")
    .trim();
  if (body === "" || body === "~" || body === "null") {
    return { days: null, raw, explanation: "Blank: Mastodon keeps cached remote media forever." };
  }
  if (/^(['"]).*\1$/s.test(body)) {
    return {
      days: null,
      raw,
      explanation:
        `Stored as text (${body}), not a number, ` + "so Mastodon ignores it and keeps cached remote media forever.",
    };
  }
  if (/^[-+]?\d+$/.test(body)) {
    const days = Number(body);
    if (days > 0)
      return {
        days,
        raw,
        explanation: `Mastodon clears cached remote media ${days} day${days === 1 ? "" : "s"} after it was fetched.`,
      };
    return {
      days: null,
      raw,
      explanation: `${days} is not a positive number of days, so Mastodon keeps cached remote media forever.`,
    };
  }
  return {
    days: null,
    raw,
    explanation: "Not an integer, so Mastodon ignores it and keeps cached remote media forever.",
  };
}

export async function readMediaRetention(db: Pick<pg.Pool, "query">): Promise<MediaRetention> {
  // to_jsonb(settings) reads thing_type whether or not the column exists (4.3 vs 4.4+).
  const { rows } = await db.query<{ value: string | null }>(
    `SELECT value FROM settings s
      WHERE var = 'media_cache_retention_period' AND (to_jsonb(s) ->> 'thing_type') IS NULL
      ORDER BY id DESC LIMIT 1`,
  );
  return parseRetentionYaml(rows[0] ? (rows[0].value ?? "") : null);
}
