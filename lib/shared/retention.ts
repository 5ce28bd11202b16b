/**
 * The retention settings' input rules and warnings, shared by the page (as
 * the admin types) and the server (which decides). Mastodon's own form takes
 * "010" as octal 8, a negative number or text (a 500); Howdah takes whole
 * positive days only.
 */
export type RetentionVarName =
  "media_cache_retention_period" | "content_cache_retention_period" | "backups_retention_period";

/** 100 years: beyond it, a period is a typo (and Ruby's `n.days.ago` would leave Snowflake's id range). */
export const MAX_DAYS = 36_500;
/** Mastodon's own hint on the media cache: below two weeks, media re-fetched on demand keep being evicted. */
export const MEDIA_WARNING_DAYS = 14;

/** Null when `text` is a whole positive number of days Howdah accepts, else the sentence to show. */
export function daysProblem(text: string): string | null {
  if (text === "") return "Enter a number of days, or choose “disabled” or “Mastodon’s default”.";
  if (/^-\s*\d+$/.test(text))
    return "A period is a positive number of days; to turn the cleanup off, choose “disabled”.";
  if (!/^\d+$/.test(text)) return `“${text.slice(0, 40)}” is not a whole number of days.`;
  if (/^0\d/.test(text))
    return `“${text}” starts with a zero, which Mastodon would read as an octal number; write it without the zero.`;
  if (Number(text) === 0) return "0 days turns the cleanup off; choose “disabled” to say so.";
  if (Number(text) > MAX_DAYS) return `${text} days is more than 100 years; enter at most ${MAX_DAYS}.`;
  return null;
}

export function warningsFor(name: RetentionVarName, days: number | null): string[] {
  if (days === null) return [];
  if (name === "media_cache_retention_period" && days < MEDIA_WARNING_DAYS)
    return [
      `Below ${MEDIA_WARNING_DAYS} days, as Mastodon's own hint warns, media that people still scroll past are ` +
        "evicted and fetched again from their servers, again and again.",
    ];
  if (name === "content_cache_retention_period")
    return [
      "The content cache deletes remote posts even when local users favourited, bookmarked, pinned or replied " +
        "to them, and with them the local users' own boosts of them. It cannot be undone.",
    ];
  return [];
}
