import "server-only";
/**
 * Reads the top-level fields of a Sidekiq job payload without JSON.parse:
 * each field comes back as its raw JSON text, so snowflake ids beyond 2^53
 * in `args` keep every digit, a Float timestamp ("1754480000.0") can be told
 * from an Integer one (Sidekiq 8 decides the unit by exactly that), and a
 * 50 KB ActivityPub body inside `args` is skipped with indexOf instead of
 * being decoded. Returns null for anything that is not a JSON object.
 */
const isWs = (c: number) => c === 32 || c === 10 || c === 13 || c === 9;

function skipWs(text: string, i: number): number {
  while (i < text.length && isWs(text.charCodeAt(i))) i++;
  return i;
}

/** Index just past the closing quote of the string starting at `i`, or -1. */
function stringEnd(text: string, i: number): number {
  let from = i + 1;
  for (;;) {
    const q = text.indexOf('"', from);
    if (q < 0) return -1;
    let slashes = 0;
    for (let b = q - 1; text.charCodeAt(b) === 92; b--) slashes++;
    if (slashes % 2 === 0) return q + 1;
    from = q + 1;
  }
}

/** Index just past the JSON value starting at `i`, or -1. */
function valueEnd(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c === 34) return stringEnd(text, i);
  if (c === 123 || c === 91) {
    let depth = 0;
    for (let j = i; j < text.length;) {
      const ch = text.charCodeAt(j);
      if (ch === 34) {
        j = stringEnd(text, j);
        if (j < 0) return -1;
        continue;
      }
      if (ch === 123 || ch === 91) depth++;
      else if (ch === 125 || ch === 93) {
        depth--;
        if (depth === 0) return j + 1;
      }
      j++;
    }
    return -1;
  }
  let j = i;
  while (j < text.length) {
    const ch = text.charCodeAt(j);
    if (ch === 44 || ch === 125 || ch === 93 || isWs(ch)) break;
    j++;
  }
  return j > i ? j : -1;
}

/** Top-level key → raw JSON text of its value. */
export function scanTopLevel(text: string): Map<string, string> | null {
  const out = new Map<string, string>();
  let i = skipWs(text, 0);
  if (text.charCodeAt(i) !== 123) return null;
  i = skipWs(text, i + 1);
  if (text.charCodeAt(i) === 125) return skipWs(text, i + 1) === text.length ? out : null;
  for (;;) {
    i = skipWs(text, i);
    if (text.charCodeAt(i) !== 34) return null;
    const keyEnd = stringEnd(text, i);
    if (keyEnd < 0) return null;
    const rawKey = text.slice(i + 1, keyEnd - 1);
    const key = rawKey.includes("\\") ? (JSON.parse(text.slice(i, keyEnd)) as string) : rawKey;
    i = skipWs(text, keyEnd);
    if (text.charCodeAt(i) !== 58) return null;
    i = skipWs(text, i + 1);
    const end = valueEnd(text, i);
    if (end < 0) return null;
    out.set(key, text.slice(i, end));
    i = skipWs(text, end);
    const sep = text.charCodeAt(i);
    if (sep === 44) {
      i++;
      continue;
    }
    if (sep === 125) return skipWs(text, i + 1) === text.length ? out : null;
    return null;
  }
}

/** The raw JSON text of each element of a JSON array (one level), or null. */
export function scanArray(text: string): string[] | null {
  const out: string[] = [];
  let i = skipWs(text, 0);
  if (text.charCodeAt(i) !== 91) return null;
  i = skipWs(text, i + 1);
  if (text.charCodeAt(i) === 93) return out;
  for (;;) {
    i = skipWs(text, i);
    const end = valueEnd(text, i);
    if (end < 0) return null;
    out.push(text.slice(i, end));
    i = skipWs(text, end);
    const sep = text.charCodeAt(i);
    if (sep === 44) {
      i++;
      continue;
    }
    return sep === 93 ? out : null;
  }
}

/** A raw JSON string value decoded, or null when the text is not a JSON string. */
export function jsonString(raw: string | undefined): string | null {
  if (raw === undefined || raw.charCodeAt(0) !== 34) return null;
  if (!raw.includes("\\")) return raw.slice(1, -1);
  try {
    return JSON.parse(raw) as string;
  } catch {
    return null;
  }
}

/** A raw JSON integer as a decimal string (any size), or null. */
export function jsonInteger(raw: string | undefined): string | null {
  return raw !== undefined && /^-?\d+$/.test(raw) ? raw : null;
}
