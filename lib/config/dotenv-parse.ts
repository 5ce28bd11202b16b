import "server-only";
/**
 * Reads a Mastodon `.env.production` the way Mastodon's streaming server does
 * (it calls the `dotenv` npm package, v17, which is not a Howdah dependency, so
 * this is an independent implementation of the same format):
 *
 * - `KEY=value`, `KEY = value`, `export KEY=value` and `KEY: value`; keys are
 *   letters, digits, `_`, `.` and `-`. Lines that do not look like that are skipped.
 * - Unquoted values end at the first `#` (even with no space before it) and are
 *   trimmed. That is why Mastodon's setup wizard quotes any value containing `#`.
 * - `'…'`, `"…"` and `` `…` `` quote a value, which may span several lines. Inside
 *   double quotes only `\n` and `\r` are expanded; nothing else is unescaped.
 * - A quoted value may be followed by spaces and a `# comment`; anything else
 *   after the closing quote makes the whole rest of the line an unquoted value.
 * - `KEY=` gives "". A later line for the same key wins.
 * - No `$VAR` expansion: the streaming server does none. Rails' Ruby dotenv
 *   does expand `$VAR`, `${VAR}` and `$(cmd)` and unescapes `\x` outside single
 *   quotes, so a value relying on those reads differently here, exactly as it
 *   does in Mastodon's own streaming server.
 * Checked against dotenv 17.4.2's parse() on several hundred thousand random inputs.
 */

// A key starts a line (after any whitespace, blank lines included), then `=` or
// `:` plus one whitespace character. As in dotenv, `\s` may cross line breaks,
// so `KEY\n=value` and `KEY:\nvalue` are both KEY=value.
const HEAD = /\s*(?:export\s+)?([\w.-]+)(?:\s*=|:\s)/y;
const QUOTES = new Set(["'", '"', "`"]);

export function parseDotenv(source: string): Record<string, string> {
  const text = source.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
  const out: Record<string, string> = {};
  let pos = 0; // always the start of a line
  while (pos < text.length) {
    HEAD.lastIndex = pos;
    const head = HEAD.exec(text);
    if (!head) {
      pos = endOfLine(text, pos) + 1;
      continue;
    }
    const start = HEAD.lastIndex;
    const quoted = quotedValue(text, start);
    let raw = "";
    let end = endOfLine(text, start);
    if (quoted) {
      raw = quoted.raw;
      end = quoted.end;
    } else {
      const hash = text.indexOf("#", start);
      raw = text.slice(start, hash !== -1 && hash < end ? hash : end);
    }
    out[head[1] as string] = finish(raw);
    pos = end + 1;
  }
  return out;
}

function endOfLine(text: string, from: number): number {
  const nl = text.indexOf("\n", from);
  return nl === -1 ? text.length : nl;
}

/**
 * A value that opens with a quote (possibly on a later line, as dotenv allows)
 * and whose closing quote is followed only by whitespace or a comment on its line.
 * The closing quote is the first one not written as \<quote>; if what follows it
 * is not allowed, dotenv's backtracking tries those escaped quotes before it,
 * nearest first, and after that gives up (the value is then read unquoted).
 */
function quotedValue(text: string, start: number): { raw: string; end: number } | null {
  let open = start;
  while (open < text.length && /\s/.test(text[open] as string)) open++;
  const quote = text[open];
  if (quote === undefined || !QUOTES.has(quote)) return null;
  const escaped: number[] = [];
  let close = -1;
  for (let i = open + 1; i < text.length && close === -1; i++) {
    if (text[i] === "\\" && text[i + 1] === quote) escaped.push(++i);
    else if (text[i] === quote) close = i;
  }
  const candidates = (close === -1 ? [] : [close]).concat(escaped.reverse());
  for (const at of candidates) {
    const end = endOfLine(text, at);
    if (/^\s*(?:#.*)?$/.test(text.slice(at + 1, end))) return { raw: text.slice(open, at + 1), end };
  }
  return null;
}

/** Trim, drop matching surrounding quotes, and expand \n and \r when double-quoted. */
function finish(raw: string): string {
  let value = raw.trim();
  const first = value[0];
  if (value.length >= 2 && first !== undefined && QUOTES.has(first) && value.endsWith(first)) {
    value = value.slice(1, -1);
  }
  if (first === '"') value = value.replace(/\\n/g, "\n").replace(/\\r/g, "\r");
  return value;
}
