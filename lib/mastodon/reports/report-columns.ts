import "server-only";
import type pg from "pg";

/**
 * Shared pieces of the report reads: how timestamps travel (text in UTC with
 * microseconds, as the rest of the gateway sends them), Mastodon's category
 * integers (Report.category, unchanged 4.2 → 4.6) and an account's acct.
 */
export type Queryable = Pick<pg.ClientBase, "query">;

export const ts = (column: string) => `to_char(${column}, 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** Mastodon writes timestamps without time zone in UTC; "now" must be compared in UTC too. */
export const NOW_UTC = "(now() AT TIME ZONE 'utc')";

export const CATEGORIES = ["other", "spam", "legal", "violation"] as const;
export type ReportCategory = (typeof CATEGORIES)[number];
export const CATEGORY_VALUE: Record<ReportCategory, number> = { other: 0, spam: 1000, legal: 1500, violation: 2000 };

export function categoryOf(value: number): ReportCategory {
  return (Object.keys(CATEGORY_VALUE) as ReportCategory[]).find((k) => CATEGORY_VALUE[k] === value) ?? "other";
}

/** Account::to_log_human_identifier: username for local accounts, username@domain for remote ones. */
export const acct = (alias: string) =>
  `CASE WHEN ${alias}.domain IS NULL THEN ${alias}.username ELSE ${alias}.username || '@' || ${alias}.domain END`;

export interface AccountRef {
  id: string;
  acct: string;
  displayName: string;
  /** null for local accounts. */
  domain: string | null;
}

/** Columns for an AccountRef of the account aliased `a`, prefixed `p_`. */
export const accountRefColumns = (a: string, p: string) =>
  `${a}.id::text AS ${p}_id, ${acct(a)} AS ${p}_acct, ${a}.display_name AS ${p}_display_name, ` +
  `${a}.domain AS ${p}_domain`;

export function accountRef(row: Record<string, unknown>, p: string): AccountRef | null {
  if (row[`${p}_id`] === null || row[`${p}_id`] === undefined) return null;
  return {
    id: String(row[`${p}_id`]),
    acct: String(row[`${p}_acct`]),
    displayName: String(row[`${p}_display_name`] ?? ""),
    domain: (row[`${p}_domain`] as string | null) ?? null,
  };
}
