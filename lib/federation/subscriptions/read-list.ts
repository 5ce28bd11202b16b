import "server-only";
import { isHowdahError } from "@/lib/errors";
import type { Severity } from "@/lib/mastodon/federation/area";
import type { SourceEntry } from "@/lib/store/blocklist-subscriptions";
import { parseBlocklist, type ListFormat } from "../import/parse";

/**
 * A source's list as entries, through the import's parser (Mastodon CSV,
 * FediBlockHole/Oliphant columns, plain list), or the reason it is not a
 * usable list. A list is refused whole, never half taken: an HTML page (a
 * login wall, an error page served with 200), a file that is not text, a
 * list with no readable domain, or one where most lines are unreadable
 * (garbage that happens to contain a few host-like words).
 */
export type ListReading =
  { ok: true; entries: SourceEntry[]; malformed: number; format: ListFormat } | { ok: false; error: string };

const HTML_START = /^\s*(<!doctype html|<html|<head|<body|<\?xml)/i;

export function readList(content: Buffer, defaultSeverity: Severity | null): ListReading {
  const head = content
    .subarray(0, 512)
    .toString("utf8")
    .replace(/^\uFEFF/, "");
  if (HTML_START.test(head)) {
    return { ok: false, error: "The answer is an HTML page, not a blocklist (a login page or an error page?)." };
  }
  let parsed;
  try {
    parsed = parseBlocklist(content);
  } catch (error) {
    if (isHowdahError(error)) return { ok: false, error: error.message };
    throw error;
  }
  if (parsed.rows.length === 0) {
    return { ok: false, error: `The list has no readable domain (${parsed.malformed.length} unreadable line(s)).` };
  }
  if (parsed.malformed.length > parsed.rows.length) {
    return {
      ok: false,
      error:
        `Most lines are not blocklist rows (${parsed.malformed.length} unreadable, ${parsed.rows.length} readable; ` +
        `line ${parsed.malformed[0]!.line}: ${parsed.malformed[0]!.message}).`,
    };
  }
  if (!parsed.hasSeverity && !defaultSeverity) {
    return {
      ok: false,
      error: "This is a plain list of domains with no severity; choose the severity to apply to its domains.",
    };
  }
  const entries = parsed.rows.map((row) => ({
    domain: row.domain,
    severity: (row.severity ?? defaultSeverity)!,
    rejectMedia: row.rejectMedia,
    rejectReports: row.rejectReports,
    obfuscate: row.obfuscate,
    publicComment: row.publicComment,
  }));
  return { ok: true, entries, malformed: parsed.malformed.length, format: parsed.format };
}
