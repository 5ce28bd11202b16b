import "server-only";
import { expiringCache } from "@/lib/shared/expiring-cache";
import { readJobFields, timestampMs } from "./job-fields";

/**
 * One Sidekiq process as its heartbeat hash describes it (FORMATS.md,
 * "`<identity>` hash fields"), in every version's shape: 6.5 and 7.3 keep
 * `concurrency` in `info`, 8.0 too (plus `capsules`), 8.1.2+ in its own hash
 * field. Pure parsing: snapshot.ts does the reading.
 */
export interface SidekiqCapsule {
  name: string;
  concurrency: number;
  weights: Record<string, number>;
}

export interface RunningJob {
  /** Thread id as Sidekiq writes it (base 36). */
  thread: string;
  queue: string;
  /** When the thread picked the job up (work hash `run_at`), epoch ms; null when missing or implausible. */
  runAt: number | null;
  displayClass: string;
  jid: string | null;
  argsText: string | null;
  enqueuedAt: number | null;
}

export interface SidekiqProcess {
  identity: string;
  hostname: string;
  pid: number | null;
  tag: string | null;
  version: string | null;
  labels: string[];
  queues: string[];
  capsules: SidekiqCapsule[] | null;
  concurrency: number;
  busy: number;
  rssKb: number | null;
  /** Last heartbeat, epoch ms. */
  beatAt: number | null;
  quiet: boolean;
  /** Sidekiq 7+ embedded in another program (info.embedded): it takes no quiet / stop signals. */
  embedded: boolean;
  startedAt: number | null;
  running: RunningJob[];
}

/** HMGET order used by snapshot.ts (Sidekiq's own ProcessSet reads the same fields). */
export const PROCESS_FIELDS = ["info", "busy", "beat", "quiet", "rss", "concurrency"] as const;

type Info = Record<string, unknown>;

const num = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);
const str = (v: unknown): string | null => (typeof v === "string" ? v : null);
const int = (v: string | null | undefined): number | null => {
  if (v === null || v === undefined || v === "") return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
};

function parseInfo(raw: string | null): Info {
  if (!raw) return {};
  try {
    const info = JSON.parse(raw) as unknown;
    return info && typeof info === "object" && !Array.isArray(info) ? (info as Info) : {};
  } catch {
    return {};
  }
}

function parseCapsules(value: unknown): SidekiqCapsule[] | null {
  if (!value || typeof value !== "object" || Array.isArray(value)) return null;
  return Object.entries(value as Record<string, unknown>).map(([name, c]) => {
    const capsule = (c ?? {}) as Record<string, unknown>;
    const weights =
      capsule.weights && typeof capsule.weights === "object" ? (capsule.weights as Record<string, number>) : {};
    return { name, concurrency: num(capsule.concurrency) ?? 0, weights };
  });
}

/**
 * Total threads: the 8.1 hash field, else `info.concurrency` (6.5 to 8.0),
 * else the sum over `info.capsules`.
 */
function concurrencyOf(field: string | null, info: Info, capsules: SidekiqCapsule[] | null): number {
  const own = int(field);
  if (own !== null) return own;
  const fromInfo = num(info.concurrency);
  if (fromInfo !== null) return fromInfo;
  return capsules?.reduce((sum, c) => sum + c.concurrency, 0) ?? 0;
}

/**
 * A thread's `run_at` when it can be true, else null (shown as unknown).
 * Sidekiq writes it from the process's own clock (Time.now.to_i, Integer
 * seconds, in 6.5, 7.3, 8.0 and 8.1), at the heartbeat that also writes
 * `beat`, so a job cannot have started before the process did nor after
 * that beat; a value outside (a few seconds of rounding allowed), or over a
 * year old, is a writer's mistake, not a job running for 20,000 days.
 */
const SLACK_MS = 5_000;
const YEAR_MS = 365 * 86_400_000;
export function plausibleRunAt(
  runAt: number | null,
  process: { startedAt: number | null; beatAt: number | null },
  now: number,
): number | null {
  if (runAt === null) return null;
  if (runAt < now - YEAR_MS || runAt > now + YEAR_MS) return null;
  if (process.startedAt !== null && runAt < process.startedAt - SLACK_MS) return null;
  if (process.beatAt !== null && runAt > process.beatAt + SLACK_MS) return null;
  return runAt;
}

/** One `<identity>:work` value: {"queue":..,"payload":"<job JSON string>","run_at":<s>}. */
export function parseWork(thread: string, value: string): RunningJob | null {
  let work: Record<string, unknown>;
  try {
    work = JSON.parse(value) as Record<string, unknown>;
  } catch {
    return null;
  }
  // 6.5's reader also accepts a pre-6.x object payload.
  const payload = typeof work.payload === "string" ? work.payload : work.payload ? JSON.stringify(work.payload) : null;
  const job = payload ? readJobFields(payload) : null;
  const runAt = num(work.run_at);
  return {
    thread,
    queue: str(work.queue) ?? job?.queue ?? "?",
    runAt: runAt === null ? null : runAt * 1000,
    displayClass: job?.displayClass ?? "(unreadable job)",
    jid: job?.jid ?? null,
    argsText: job?.argsText ?? null,
    enqueuedAt: job?.enqueuedAt ?? null,
  };
}

/**
 * parseWork, remembered by the exact stored value: a thread's work entry
 * stays the same for as long as it runs the job, while the Queues page reads
 * every running job on each poll, and parsing them was half the summary's
 * time. A copy is returned (parseProcess adjusts runAt). Bounded in count and
 * in the length of what it keeps.
 */
const PARSED_WORK_MAX_CHARS = 16_384;
const PARSED_WORK_MS = 60_000;
const parsedWork = expiringCache<string, RunningJob | null>(5_000);
function parseWorkOnce(thread: string, value: string): RunningJob | null {
  if (value.length > PARSED_WORK_MAX_CHARS) return parseWork(thread, value);
  const key = `${thread}\u0000${value}`;
  let parsed = parsedWork.get(key);
  if (parsed === undefined) {
    parsed = parseWork(thread, value);
    parsedWork.set(key, parsed, PARSED_WORK_MS);
  }
  return parsed && { ...parsed };
}

export function parseProcess(
  identity: string,
  values: (string | null)[],
  work: Record<string, string> | null,
  now = Date.now(),
): SidekiqProcess {
  const [infoRaw, busy, beat, quiet, rss, concurrency] = values;
  const info = parseInfo(infoRaw ?? null);
  const capsules = parseCapsules(info.capsules);
  const running = Object.entries(work ?? {})
    .flatMap(([thread, value]) => (value ? [parseWorkOnce(thread, value)] : []))
    .filter((r): r is RunningJob => r !== null)
    .sort((a, b) => (a.runAt ?? 0) - (b.runAt ?? 0));
  const queues = Array.isArray(info.queues)
    ? [...new Set((info.queues as unknown[]).filter((q): q is string => typeof q === "string"))]
    : [];
  const startedAt = num(info.started_at);
  const times = { startedAt: startedAt === null ? null : startedAt * 1000, beatAt: beat ? timestampMs(beat) : null };
  for (const r of running) r.runAt = plausibleRunAt(r.runAt, times, now);
  return {
    identity,
    hostname: str(info.hostname) ?? identity.split(":")[0] ?? identity,
    pid: num(info.pid),
    tag: str(info.tag),
    version: str(info.version),
    labels: Array.isArray(info.labels)
      ? (info.labels as unknown[]).filter((l): l is string => typeof l === "string")
      : [],
    queues,
    capsules,
    concurrency: concurrencyOf(concurrency ?? null, info, capsules),
    busy: int(busy) ?? 0,
    rssKb: int(rss),
    beatAt: times.beatAt,
    quiet: quiet === "true",
    embedded: info.embedded === true,
    startedAt: times.startedAt,
    running,
  };
}
