import "server-only";
import type { ChainableCommander, Redis } from "ioredis";
import { HowdahError } from "@/lib/errors";
import type { JobSource, SidekiqKeys } from "./keys";
import { execSettled, isWrongType, type Settled } from "./pipeline";

/**
 * Reads jobs window by window (LRANGE / ZRANGE with bounds), never a whole
 * list or set, so a page at offset 900,000 of a million-job queue costs what
 * a page at offset 0 does.
 *
 * Positions count in the order a page shows, which is the natural one for
 * each source: a queue oldest first (the next job to run sits at LINDEX -1,
 * where BRPOP takes from), `schedule` and `retry` soonest first, `dead` most
 * recent death first. `reverse` flips it.
 */
export interface JobEntry {
  position: number;
  /** The exact stored string: the job's identity for retry and delete. */
  raw: string;
  /** Sorted-set score (run at / retry at / died at) in epoch ms; null in a queue. */
  scoreMs: number | null;
  /**
   * Where to look for it again: the score exactly as Redis wrote it (a set),
   * or its index counted from the oldest end (a queue, which only moves it
   * closer to that end as jobs run).
   */
  locator: string;
}

export interface WindowOptions {
  offset: number;
  limit: number;
  reverse?: boolean;
  /** Keep only jobs whose class or wrapped (ActiveJob) class is exactly this. */
  classFilter?: string;
  /** Keep only jobs whose exact stored string contains this text (search in args, jid, error). */
  contains?: string;
  /** With a filter: stop after examining this many jobs (the page says how far it got). */
  maxScan?: number;
}

export interface JobWindow {
  total: number;
  entries: JobEntry[];
  /** Where the next page starts, or null at the end. */
  nextOffset: number | null;
  /** Jobs examined (equals entries.length without a filter). */
  scanned: number;
}

const FILTER_CHUNK = 500;

function sizeCommand(pipe: ChainableCommander, keys: SidekiqKeys, source: JobSource): ChainableCommander {
  return source.kind === "queue"
    ? pipe.sismember(keys.queues, source.queue).llen(keys.source(source))
    : pipe.zcard(keys.source(source));
}

/** Queues one range read of display positions [start, stop] on `pipe`. */
function rangeCommand(
  pipe: ChainableCommander,
  keys: SidekiqKeys,
  source: JobSource,
  start: number,
  stop: number,
  reverse: boolean,
): ChainableCommander {
  const key = keys.source(source);
  if (source.kind === "queue")
    return reverse ? pipe.lrange(key, start, stop) : pipe.lrange(key, -(stop + 1), -(start + 1));
  const descending = (source.set === "dead") !== reverse;
  return descending
    ? pipe.zrevrange(key, start, stop, "WITHSCORES")
    : pipe.zrange(key, String(start), String(stop), "WITHSCORES");
}

function toEntries(source: JobSource, reply: string[], start: number, reverse: boolean, total: number): JobEntry[] {
  if (source.kind === "queue") {
    const values = reverse ? reply : [...reply].reverse();
    return values.map((raw, i) => {
      const position = start + i;
      return { position, raw, scoreMs: null, locator: String(reverse ? total - 1 - position : position) };
    });
  }
  const out: JobEntry[] = [];
  for (let i = 0; i + 1 < reply.length; i += 2) {
    const score = reply[i + 1]!;
    out.push({ position: start + i / 2, raw: reply[i]!, scoreMs: Number(score) * 1000, locator: score });
  }
  return out;
}

/**
 * A list or set key holding another type (WRONGTYPE): a clear refusal naming
 * the key, instead of a 500. Only this source is affected; the rest of the
 * Queues page reads as usual.
 */
export function unreadableSource(keys: SidekiqKeys, source: JobSource): HowdahError {
  const key = keys.source(source).slice(0, 200);
  const kind = source.kind === "queue" ? "a list" : "a sorted set";
  return new HowdahError(
    "conflict",
    `Sidekiq's "${key}" is not ${kind}, so its jobs cannot be read or changed here; Sidekiq itself cannot ` +
      "use it either. Nothing was changed.",
    { key },
  );
}

/**
 * The replies' values; a WRONGTYPE on the source key becomes `unreadableSource`.
 * A queue's size read starts with SISMEMBER on `queues`: if that set is the
 * bad key, the queue is simply not known to be listed (LLEN still decides).
 */
function values(keys: SidekiqKeys, source: JobSource, replies: Settled[], sized: boolean): unknown[] {
  const membership = sized && source.kind === "queue";
  return replies.map((reply, i) => {
    if (reply.ok) return reply.value;
    if (membership && i === 0 && isWrongType(reply.error)) return 0;
    if (isWrongType(reply.error)) throw unreadableSource(keys, source);
    throw reply.error;
  });
}

/** Runs a pipeline on one source; `sized`: it starts with sizeCommand. */
async function run(keys: SidekiqKeys, source: JobSource, pipe: ChainableCommander, sized = false): Promise<unknown[]> {
  return values(keys, source, await execSettled(pipe), sized);
}

function readSize(source: JobSource, results: unknown[]): { total: number; next: number } {
  if (source.kind === "set") return { total: Number(results[0]), next: 1 };
  const member = Number(results[0]) === 1;
  const total = Number(results[1]);
  if (!member && total === 0) throw new HowdahError("not_found", `Sidekiq has no queue called "${source.queue}".`);
  return { total, next: 2 };
}

function pastEnd(source: JobSource, offset: number, total: number): HowdahError {
  const where = source.kind === "queue" ? `queue ${source.queue}` : `the ${source.set} set`;
  return new HowdahError(
    "bad_request",
    `Offset ${offset.toLocaleString("en")} is past the end of ${where}, which now holds ` +
      `${total.toLocaleString("en")} jobs.`,
  );
}

export function classMatches(raw: string, className: string): boolean {
  return raw.includes(`"class":${JSON.stringify(className)}`) || raw.includes(`"wrapped":${JSON.stringify(className)}`);
}

function entryFilter(options: WindowOptions): ((raw: string) => boolean) | null {
  const { classFilter, contains } = options;
  if (!classFilter && !contains) return null;
  return (raw) => (!classFilter || classMatches(raw, classFilter)) && (!contains || raw.includes(contains));
}

export async function readJobWindow(
  redis: Redis,
  keys: SidekiqKeys,
  source: JobSource,
  options: WindowOptions,
): Promise<JobWindow> {
  const reverse = options.reverse ?? false;
  const { offset, limit } = options;
  const matches = entryFilter(options);
  const chunk = matches ? Math.max(limit, FILTER_CHUNK) : limit;
  const results = await run(
    keys,
    source,
    rangeCommand(sizeCommand(redis.pipeline(), keys, source), keys, source, offset, offset + chunk - 1, reverse),
    true,
  );
  const { total, next } = readSize(source, results);
  if (offset > 0 && offset >= total) throw pastEnd(source, offset, total);
  let window = toEntries(source, results[next] as string[], offset, reverse, total);

  if (!matches) {
    return {
      total,
      entries: window,
      nextOffset: offset + window.length < total ? offset + window.length : null,
      scanned: window.length,
    };
  }
  const maxScan = options.maxScan ?? 5_000;
  const entries: JobEntry[] = [];
  let scanned = 0;
  let position = offset;
  for (;;) {
    for (const entry of window) {
      scanned++;
      position = entry.position + 1;
      if (matches(entry.raw)) {
        entries.push(entry);
        if (entries.length >= limit) break;
      }
    }
    if (entries.length >= limit || window.length < chunk || scanned >= maxScan || position >= total) break;
    const more = await run(
      keys,
      source,
      rangeCommand(redis.pipeline(), keys, source, position, position + chunk - 1, reverse),
    );
    window = toEntries(source, more[0] as string[], position, reverse, total);
    if (window.length === 0) break;
  }
  return { total, entries, nextOffset: position < total ? position : null, scanned };
}

/**
 * A bounded sample for breakdowns: `windows` evenly spaced windows of
 * `windowSize` jobs across the whole list or set (the oldest and newest ends
 * included), read in one pipelined round trip after the size.
 */
export async function sampleJobs(
  redis: Redis,
  keys: SidekiqKeys,
  source: JobSource,
  options: { windows: number; windowSize: number },
): Promise<{ total: number; raws: string[] }> {
  const sized = await run(keys, source, sizeCommand(redis.pipeline(), keys, source), true);
  const { total } = readSize(source, sized);
  if (total === 0) return { total, raws: [] };
  const { windows, windowSize } = options;
  const pipe = redis.pipeline();
  if (total <= windows * windowSize) rangeCommand(pipe, keys, source, 0, total - 1, false);
  else {
    for (let w = 0; w < windows; w++) {
      const start = Math.floor((w * (total - windowSize)) / (windows - 1));
      rangeCommand(pipe, keys, source, start, start + windowSize - 1, false);
    }
  }
  const replies = (await run(keys, source, pipe)) as string[][];
  const raws = replies.flatMap((reply) => (source.kind === "queue" ? reply : reply.filter((_, i) => i % 2 === 0)));
  return { total, raws };
}
