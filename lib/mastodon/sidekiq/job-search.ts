import "server-only";
import type { Redis } from "ioredis";
import type { JobEntry } from "./job-windows";
import { readJobWindow, unreadableSource } from "./job-windows";
import type { JobSource, SidekiqKeys } from "./keys";
import { isWrongType } from "./pipeline";

/**
 * Search in jobs' stored strings (class, args, jid, error), as Sidekiq's Web
 * UI filter does (helpers.rb #search → JobSet#scan): ZSCAN the set with
 * MATCH `*<text>*` on the raw members, so Redis filters and only matches
 * travel. Sidekiq passes the text as a glob; here its glob characters are
 * escaped, so "[1]" finds the literal "[1]". ZSCAN may return a member twice
 * (the set changed during the scan), so matches are kept once.
 *
 * Queues are lists, which have no SCAN: a queue is searched window by window
 * from the next job to run, up to `maxScan` jobs (the page says how far).
 */
export interface SearchOptions {
  limit: number;
  /** Set: ZSCAN calls at most (COUNT 1,000 each); queue: jobs examined at most. */
  maxScan?: number;
}

export interface SearchResult {
  total: number;
  /** Matches in display order (soonest first; dead: most recent first), at most `limit`. */
  entries: JobEntry[];
  /** Matches found (more than `entries` when over `limit`). */
  matches: number;
  /** False when the scan stopped at its bound before the end: there may be more matches. */
  complete: boolean;
  /** Jobs examined (queues) or members the scan walked past, as far as Redis tells. */
  scanned: number;
}

const SCAN_COUNT = 1_000;
const SET_SCAN_CALLS = 200;
const QUEUE_MAX_SCAN = 20_000;

/** Escapes Redis glob syntax (`* ? [ ] \`) so the text matches literally. */
export function globLiteral(text: string): string {
  return text.replace(/[*?[\]\\]/g, (c) => `\\${c}`);
}

export async function searchJobs(
  redis: Redis,
  keys: SidekiqKeys,
  source: JobSource,
  text: string,
  options: SearchOptions,
): Promise<SearchResult> {
  if (source.kind === "queue") {
    const window = await readJobWindow(redis, keys, source, {
      offset: 0,
      limit: options.limit,
      contains: text,
      maxScan: options.maxScan ?? QUEUE_MAX_SCAN,
    });
    const complete = window.nextOffset === null;
    return {
      total: window.total,
      matches: window.entries.length,
      entries: window.entries,
      complete,
      scanned: window.scanned,
    };
  }
  const key = keys.source(source);
  const match = `*${globLiteral(text)}*`;
  const calls = options.maxScan ?? SET_SCAN_CALLS;
  const found = new Map<string, string>();
  let total = 0;
  let cursor = "0";
  let scanned = 0;
  let complete = false;
  try {
    total = await redis.zcard(key);
    for (let call = 0; call < calls; call++) {
      const [next, reply] = await redis.zscan(key, cursor, "MATCH", match, "COUNT", SCAN_COUNT);
      for (let i = 0; i + 1 < reply.length; i += 2) found.set(reply[i]!, reply[i + 1]!);
      scanned += SCAN_COUNT;
      cursor = next;
      if (cursor === "0") {
        complete = true;
        break;
      }
    }
  } catch (error) {
    if (isWrongType(error)) throw unreadableSource(keys, source);
    throw error;
  }
  const descending = source.set === "dead";
  const sorted = [...found].sort(([, a], [, b]) => (descending ? Number(b) - Number(a) : Number(a) - Number(b)));
  const entries = sorted.slice(0, options.limit).map(([raw, score], i) => ({
    position: i,
    raw,
    scoreMs: Number(score) * 1000,
    locator: score,
  }));
  return {
    total,
    matches: sorted.length,
    entries,
    complete,
    scanned: complete ? total : Math.min(scanned, total),
  };
}
