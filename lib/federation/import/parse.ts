import "server-only";
import { parse } from "csv-parse/sync";
import { HowdahError } from "@/lib/errors";
import { isSeverity, normalizeDomainName, type Severity } from "@/lib/mastodon/federation/area";

/**
 * Reading a blocklist file into rows, every bad one with its line number and
 * a sentence saying what is wrong (csv-parse does the CSV: quoting, a
 * byte-order mark, CRLF or LF line ends, and records it cannot read, which it
 * skips and reports one by one instead of giving up on the file).
 *
 * Formats, told apart by the first line:
 * - Mastodon's export (facts A6/A7) and Oliphant's lists: `#domain,#severity,…`;
 * - FediBlockHole's CSV: the same columns without `#`, plus `private_comment`;
 * - anything else is a plain list, one domain a line, the first line
 *   included (as Mastodon reads it). Lines starting with `#` are comments.
 *   A plain list has no severity: the caller must ask for one (Mastodon
 *   silently makes every such row a suspension; Howdah never assumes it).
 *
 * Rows whose domain (after Mastodon's normalisation: IDN in either form,
 * case) repeats an earlier row are reported as duplicates of that line.
 */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;
export const MAX_IMPORT_ROWS = 200_000;

export type ListFormat = "mastodon" | "fediblockhole" | "plain";

export interface ImportRow {
  line: number;
  domain: string;
  display: string;
  /** Null when the file has no severity column (a plain list): the admin chooses one. */
  severity: Severity | null;
  rejectMedia: boolean;
  rejectReports: boolean;
  obfuscate: boolean;
  publicComment: string | null;
  privateComment: string | null;
}

export interface MalformedRow {
  line: number;
  /** The line as read (shortened), so the admin can find it. */
  text: string;
  message: string;
}

export interface ParsedList {
  format: ListFormat;
  hasSeverity: boolean;
  rows: ImportRow[];
  malformed: MalformedRow[];
}

type Column =
  "domain" | "severity" | "reject_media" | "reject_reports" | "obfuscate" | "public_comment" | "private_comment";
const ALIASES: Record<string, Column> = {
  domain: "domain",
  severity: "severity",
  reject_media: "reject_media",
  reject_reports: "reject_reports",
  obfuscate: "obfuscate",
  public_comment: "public_comment",
  comment: "public_comment",
  private_comment: "private_comment",
};
const TRUE = new Set(["true", "t", "1", "yes", "y", "on"]);
const FALSE = new Set(["false", "f", "0", "no", "n", "off", ""]);

export function parseBlocklist(content: Buffer | string): ParsedList {
  const text = decode(content);
  const malformed: MalformedRow[] = [];
  const records = parse(text, {
    bom: true,
    info: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    on_skip: (error, raw) => {
      const line = Number(error?.lines ?? 0);
      malformed.push({
        line,
        text: shorten(raw ?? ""),
        message:
          error?.code === "CSV_QUOTE_NOT_CLOSED"
            ? `A quote opened before line ${line} is never closed, so the lines after it read as one value and ` +
              "none of them is imported. Close the quote (or remove it) and import the file again."
            : `This line is not readable CSV (${error?.message ?? "unknown error"}).`,
      });
      return undefined;
    },
  }) as unknown as { record: string[]; info: { lines: number } }[];

  if (records.length > MAX_IMPORT_ROWS + 1) {
    throw new HowdahError(
      "bad_request",
      `The file has ${records.length.toLocaleString("en")} lines; Howdah imports at most ` +
        `${MAX_IMPORT_ROWS.toLocaleString("en")} rows at a time. Split it and import the parts one after the other.`,
    );
  }
  const first = records[0]?.record ?? [];
  const header = first.map((cell) => cell.trim().toLowerCase().replace(/^#/, ""));
  const isHeader = header[0] === "domain" || (header.includes("domain") && header.includes("severity"));
  if (!isHeader) return readPlain(records, malformed);

  const columns = new Map<Column, number>();
  header.forEach((name, index) => {
    const column = ALIASES[name];
    if (column && !columns.has(column)) columns.set(column, index);
  });
  const format: ListFormat = first[0]?.trim().startsWith("#") ? "mastodon" : "fediblockhole";
  const rows: ImportRow[] = [];
  const seen = new Map<string, number>();
  for (const { record, info } of records.slice(1)) {
    const cell = (column: Column) => {
      const index = columns.get(column);
      return index === undefined ? undefined : (record[index] ?? "");
    };
    const row = readRow(info.lines, cell, columns.has("severity"));
    if ("message" in row) malformed.push({ ...row, text: shorten(record.join(",")) });
    else if (!duplicate(row, seen, malformed, record.join(","))) rows.push(row);
  }
  return { format, hasSeverity: columns.has("severity"), rows, malformed: byLine(malformed) };
}

function readPlain(records: { record: string[]; info: { lines: number } }[], malformed: MalformedRow[]): ParsedList {
  const rows: ImportRow[] = [];
  const seen = new Map<string, number>();
  for (const { record, info } of records) {
    const raw = record.join(",");
    if (raw.trim() === "" || raw.trimStart().startsWith("#")) continue;
    const cells = record.filter((c) => c.trim() !== "");
    if (cells.length > 1) {
      malformed.push({
        line: info.lines,
        text: shorten(raw),
        message:
          "This line has several values, but the file has no header naming its columns: a plain list has one " +
          "domain a line, and a CSV starts with a header such as #domain,#severity.",
      });
      continue;
    }
    const row = readRow(info.lines, (c) => (c === "domain" ? (cells[0] ?? "") : undefined), false);
    if ("message" in row) malformed.push({ ...row, text: shorten(raw) });
    else if (!duplicate(row, seen, malformed, raw)) rows.push(row);
  }
  return { format: "plain", hasSeverity: false, rows, malformed: byLine(malformed) };
}

function readRow(
  line: number,
  cell: (column: Column) => string | undefined,
  hasSeverity: boolean,
): ImportRow | { line: number; message: string } {
  const fail = (message: string) => ({ line, message });
  const checked = normalizeDomainName(cell("domain") ?? "");
  if (!checked.ok) return fail(checked.message);
  let severity: Severity | null = null;
  if (hasSeverity) {
    const value = (cell("severity") ?? "").trim().toLowerCase();
    if (value === "") return fail("The severity is empty; it must be suspend, silence or noop.");
    if (!isSeverity(value)) return fail(`"${shorten(value)}" is not a severity; it must be suspend, silence or noop.`);
    severity = value;
  }
  const flags: Partial<Record<"rejectMedia" | "rejectReports" | "obfuscate", boolean>> = {};
  for (const [column, key] of [
    ["reject_media", "rejectMedia"],
    ["reject_reports", "rejectReports"],
    ["obfuscate", "obfuscate"],
  ] as const) {
    const value = (cell(column) ?? "").trim().toLowerCase();
    if (TRUE.has(value)) flags[key] = true;
    else if (FALSE.has(value)) flags[key] = false;
    else return fail(`"${shorten(value)}" in the ${column} column is not true or false.`);
  }
  const comment = (column: Column) => {
    const value = cell(column)?.trim();
    return value ? value : null;
  };
  return {
    line,
    domain: checked.domain,
    display: checked.display,
    severity,
    rejectMedia: flags.rejectMedia ?? false,
    rejectReports: flags.rejectReports ?? false,
    obfuscate: flags.obfuscate ?? false,
    publicComment: comment("public_comment"),
    privateComment: comment("private_comment"),
  };
}

function duplicate(row: ImportRow, seen: Map<string, number>, malformed: MalformedRow[], raw: string): boolean {
  const earlier = seen.get(row.domain);
  if (earlier === undefined) {
    seen.set(row.domain, row.line);
    return false;
  }
  malformed.push({
    line: row.line,
    text: shorten(raw),
    message: `${row.display} already appears on line ${earlier}; only that row is imported.`,
  });
  return true;
}

/** The file as UTF-8 text; a file that is not text is refused as a whole, with the reason. */
function decode(content: Buffer | string): string {
  if (typeof content === "string") return content;
  if (content.byteLength > MAX_IMPORT_BYTES) {
    throw new HowdahError(
      "bad_request",
      `The file is larger than the ${MAX_IMPORT_BYTES / 1024 / 1024} MB Howdah imports.`,
    );
  }
  if (content.includes(0)) {
    throw new HowdahError("bad_request", "This file is not a text file (it contains NUL bytes); nothing was read.");
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(content);
  } catch {
    throw new HowdahError("bad_request", "This file is not UTF-8 text; save it as UTF-8 CSV and try again.");
  }
}

const shorten = (value: string) => (value.length > 80 ? `${value.slice(0, 77)}…` : value);
const byLine = (rows: MalformedRow[]) => rows.sort((a, b) => a.line - b.line);
