import "server-only";
import type { ChainableCommander, Redis } from "ioredis";
import type { SidekiqFormat } from "@/lib/mastodon/version";
import { latencySeconds } from "./job-fields";
import type { SidekiqKeys } from "./keys";
import { execSettled, isWrongType, type Settled } from "./pipeline";
import { PROCESS_FIELDS, parseProcess, type SidekiqProcess } from "./processes";

/**
 * Everything Sidekiq's dashboard shows, read in at most two pipelined round
 * trips whatever the queue sizes and however many processes there are:
 *
 * 1. SMEMBERS queues and processes, GET stat:processed/failed, ZCARD of
 *    schedule, retry and dead (Stats#fetch_stats_fast!);
 * 2. per queue LLEN + LINDEX -1 (Stats#queue_summaries), per process EXISTS +
 *    HMGET of its heartbeat hash (ProcessSet), and optionally HGETALL of its
 *    `:work` hash (WorkSet).
 *
 * With `reuseLists`, the commands of 2 go with 1 for the queues and
 * processes the previous such reading through the same client listed; when 1
 * lists the same ones, which is almost always, that one round trip is the
 * whole reading.
 *
 * A process counts as alive only when its identity is in `processes` AND its
 * heartbeat hash still exists: a crashed process stays in the set until some
 * reader cleans it up, but its hash expires 60 s after the last beat.
 */
export interface QueueFigures {
  name: string;
  /** Null when `queue:<name>` is not a list (the figure cannot be read; see `problems`). */
  size: number | null;
  /** Age of the oldest job in seconds (Queue#latency), 0 when empty; null when unreadable. */
  latency: number | null;
  /** Threads running a job from this queue; null when work hashes were not read. */
  busy: number | null;
}

/**
 * Every figure is null when the key behind it holds something Sidekiq never
 * writes there (a WRONGTYPE reply, a counter that is not an integer): that one
 * figure is unknown, the rest are read as usual, and `problems` says which key
 * is wrong in a sentence an admin can act on.
 */
export interface SidekiqSnapshot {
  takenAt: number;
  format: SidekiqFormat;
  queues: QueueFigures[];
  /** The sum over the queues that could be read; null when the `queues` set itself cannot be. */
  enqueued: number | null;
  scheduled: number | null;
  retries: number | null;
  dead: number | null;
  /** stat:processed / stat:failed: lifetime counters (processed includes failures). */
  processed: number | null;
  failed: number | null;
  /** Members of `processes`, alive or not (Stats#processes_size). */
  processesListed: number | null;
  processesAlive: number | null;
  busy: number | null;
  concurrency: number | null;
  processes: SidekiqProcess[];
  /** One sentence per figure that could not be read, naming the key. */
  problems: string[];
}

export interface SnapshotOptions {
  keys: SidekiqKeys;
  format: SidekiqFormat;
  /** Also read every alive process's `:work` hash (running jobs, busy per queue). */
  work?: boolean;
  /**
   * Ask for the figures of the queues and processes this client's previous
   * such reading listed in the first round trip (readers that poll: the page,
   * the sampler); without it, always the two round trips.
   */
  reuseLists?: boolean;
  now?: () => number;
}

const count = (v: unknown): number | null => {
  if (typeof v === "number") return Number.isFinite(v) ? v : null;
  // GET of a counter Sidekiq never set is nil (zero); anything but an integer is not a counter.
  if (v === null || v === undefined) return 0;
  return typeof v === "string" && /^-?\d+$/.test(v) ? Number(v) : null;
};

const sum = (values: (number | null)[]): number => values.reduce<number>((a, v) => a + (v ?? 0), 0);

export async function readSidekiqSnapshot(redis: Redis, options: SnapshotOptions): Promise<SidekiqSnapshot> {
  const { keys, format } = options;
  const problems: string[] = [];
  /** The reply's value, or null (and a problem naming the key) when Redis refused the command on that key. */
  const take = (reply: Settled | undefined, key: string, what: string, kind: string): unknown => {
    if (!reply) return null;
    if (reply.ok) return reply.value;
    problems.push(unreadable(key, what, kind, reply.error));
    return null;
  };
  const counter = (reply: Settled | undefined, key: string, what: string, kind: string): number | null => {
    if (reply && !reply.ok) return take(reply, key, what, kind) as null;
    const value = reply?.value ?? null;
    const n = count(value);
    if (n === null && value !== null)
      problems.push(`Sidekiq's "${key.slice(0, 200)}" is not a number, so ${what} is unknown.`);
    return n;
  };

  // The figures of the queues and processes the last reading listed are asked for in the same round trip
  // as the lists; only when the lists changed since does a second round trip ask for the ones listed now.
  const listsKey = `${keys.prefix}\u0000${options.work ? "work" : ""}`;
  const guess = options.reuseLists ? lastLists(redis).get(listsKey) : undefined;
  const firstPipe = redis
    .pipeline()
    .smembers(keys.queues)
    .smembers(keys.processes)
    .get(keys.processed)
    .get(keys.failed)
    .zcard(keys.set("schedule"))
    .zcard(keys.set("retry"))
    .zcard(keys.set("dead"));
  if (guess) figureCommands(firstPipe, keys, guess.queues, guess.identities, options.work);
  const replies = await execSettled(firstPipe);
  const first = replies.slice(0, LIST_COMMANDS);
  const queueList = take(first[0], keys.queues, "the list of queues", "a set") as string[] | null;
  const processList = take(first[1], keys.processes, "the list of processes", "a set") as string[] | null;
  const queueNames = [...(queueList ?? [])].sort();
  const identities = [...(processList ?? [])].sort();
  if (options.reuseLists) rememberLists(redis, listsKey, queueNames, identities);

  let results: Settled[];
  if (guess && sameList(guess.queues, queueNames) && sameList(guess.identities, identities))
    results = replies.slice(LIST_COMMANDS);
  else if (queueNames.length + identities.length === 0) results = [];
  else results = await execSettled(figureCommands(redis.pipeline(), keys, queueNames, identities, options.work));
  const now = (options.now ?? Date.now)();

  const queues: QueueFigures[] = queueNames.map((name, i) => {
    const size = take(results[2 * i], keys.queue(name), `the size of the ${name} queue`, "a list");
    const last = results[2 * i + 1];
    const oldest = last?.ok ? (last.value as string | null) : null;
    const readable = size !== null;
    return {
      name,
      size: readable ? count(size) : null,
      latency: readable ? latencySeconds(format, oldest, now) : null,
      busy: options.work && readable ? 0 : null,
    };
  });
  const processes: SidekiqProcess[] = [];
  const stride = options.work ? 3 : 2;
  identities.forEach((id, j) => {
    const base = 2 * queueNames.length + stride * j;
    // EXISTS never fails on a key's type: 0 means the heartbeat expired (a crashed process).
    const exists = results[base];
    if (!exists?.ok || count(exists.value) !== 1) return;
    const fields = take(results[base + 1], keys.process(id), `process ${id}'s heartbeat`, "a hash");
    if (fields === null) return;
    const work = options.work
      ? ((take(results[base + 2], keys.work(id), `what process ${id} is running`, "a hash") as Record<
          string,
          string
        > | null) ?? {})
      : null;
    processes.push(parseProcess(id, fields as (string | null)[], work, now));
  });
  if (options.work) {
    const byName = new Map(queues.map((q) => [q.name, q]));
    for (const p of processes) {
      for (const r of p.running) {
        const q = byName.get(r.queue);
        if (q && q.busy !== null) q.busy += 1;
      }
    }
  }

  const processesKnown = processList !== null;
  return {
    takenAt: now,
    format,
    queues,
    enqueued: queueList === null ? null : sum(queues.map((q) => q.size)),
    scheduled: counter(first[4], keys.set("schedule"), "the number of scheduled jobs", "a sorted set"),
    retries: counter(first[5], keys.set("retry"), "the number of retries", "a sorted set"),
    dead: counter(first[6], keys.set("dead"), "the number of dead jobs", "a sorted set"),
    processed: counter(first[2], keys.processed, "the number of processed jobs", "a string"),
    failed: counter(first[3], keys.failed, "the number of failed jobs", "a string"),
    processesListed: processesKnown ? identities.length : null,
    processesAlive: processesKnown ? processes.length : null,
    busy: processesKnown ? sum(processes.map((p) => p.busy)) : null,
    concurrency: processesKnown ? sum(processes.map((p) => p.concurrency)) : null,
    processes,
    problems,
  };
}

/** The commands of the first round trip before the per-queue and per-process figures. */
const LIST_COMMANDS = 7;

/** Per queue LLEN + LINDEX -1, per process EXISTS + HMGET of its heartbeat hash (+ HGETALL of `:work`). */
function figureCommands<P extends ChainableCommander>(
  pipe: P,
  keys: SidekiqKeys,
  queueNames: string[],
  identities: string[],
  work: boolean | undefined,
): P {
  for (const name of queueNames) pipe.llen(keys.queue(name)).lindex(keys.queue(name), -1);
  for (const id of identities) {
    pipe.exists(keys.process(id)).hmget(keys.process(id), ...PROCESS_FIELDS);
    if (work) pipe.hgetall(keys.work(id));
  }
  return pipe;
}

/**
 * The last lists read through each client (per key prefix and reading kind):
 * queues and processes change rarely. Lists longer than MAX_REMEMBERED are
 * not kept (a hostile set of thousands of members is read in two trips).
 */
const MAX_REMEMBERED = 1_000;
const listsByClient = new WeakMap<Redis, Map<string, { queues: string[]; identities: string[] }>>();
function lastLists(redis: Redis): Map<string, { queues: string[]; identities: string[] }> {
  let lists = listsByClient.get(redis);
  if (!lists) listsByClient.set(redis, (lists = new Map()));
  return lists;
}
function rememberLists(redis: Redis, key: string, queues: string[], identities: string[]): void {
  if (queues.length + identities.length <= MAX_REMEMBERED) lastLists(redis).set(key, { queues, identities });
  else lastLists(redis).delete(key);
}
const sameList = (a: string[], b: string[]) => a.length === b.length && a.every((v, i) => v === b[i]);

function unreadable(key: string, what: string, kind: string, error: Error): string {
  const why = isWrongType(error) ? `is not ${kind}` : `could not be read (${error.message.split("\n")[0]})`;
  // Keys come from set members, which anyone with Redis access can make any length.
  return `Sidekiq's "${key.slice(0, 200)}" ${why}, so ${what.slice(0, 300)} is unknown.`;
}
