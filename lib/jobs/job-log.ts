import "server-only";

/**
 * The worker's log: one JSON object per line, so an admin can follow a
 * backfill with `npm run worker | jq` and a log shipper needs no parser.
 * Every job run writes `start`, then `done` (with its duration and the
 * counts its result carries) or `failed` (with the reason); long runs
 * (backfills, the daily recount) write `progress` lines in between, at most
 * one every PROGRESS_EVERY_MS per job so a fast backfill does not flood.
 *
 *   {"time":"2026-12-02T11:00:00.000Z","job":"storage-reconcile","id":"41","event":"start"}
 *   {"time":"…","job":"storage-reconcile","id":"41","event":"progress","durationMs":10012,"rowsDone":240000}
 *   {"time":"…","job":"storage-reconcile","id":"41","event":"done","durationMs":60210,"freedBytes":0}
 */
export type JobEvent = "start" | "progress" | "done" | "failed";
export type JobCounts = Record<string, string | number | boolean | null>;
/** Handed to a job's run: reports how far a long run has got. */
export type ReportProgress = (counts: JobCounts) => void;

export interface JobLogLine extends JobCounts {
  time: string;
  job: string;
  id: string | null;
  event: JobEvent;
}

export const PROGRESS_EVERY_MS = 10_000;

/** The scalar fields of a job's result, one level of nesting flattened ("sources.accounts": "done"). */
export function countsOf(result: unknown, prefix = ""): JobCounts {
  if (result === null || typeof result !== "object")
    return result === undefined ? {} : { [prefix || "result"]: scalar(result) };
  const out: JobCounts = {};
  for (const [key, value] of Object.entries(result)) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (value !== null && typeof value === "object" && !Array.isArray(value)) {
      if (!prefix) Object.assign(out, countsOf(value, name));
    } else if (!Array.isArray(value)) {
      out[name] = scalar(value);
    }
  }
  return out;
}

function scalar(value: unknown): string | number | boolean | null {
  if (value === null || typeof value === "number" || typeof value === "boolean" || typeof value === "string")
    return value;
  if (typeof value === "bigint") return Number(value);
  return String(value);
}

export interface JobRunLog {
  progress: ReportProgress;
  done(result: unknown): void;
  failed(error: unknown): void;
}

/** Starts the log of one run: writes `start` now, and gives the rest. */
export function startJobLog(
  write: (line: string) => void,
  job: { name: string; id?: string | null },
  clock: () => number = Date.now,
): JobRunLog {
  const started = clock();
  let lastProgress = started;
  const line = (event: JobEvent, extra: JobCounts = {}) => {
    const entry: JobLogLine = {
      time: new Date(clock()).toISOString(),
      job: job.name,
      id: job.id ?? null,
      event,
      ...(event === "start" ? {} : { durationMs: clock() - started }),
    };
    // A result's own "time" or "event" never overwrites the line's.
    for (const [key, value] of Object.entries(extra)) if (!(key in entry)) entry[key] = value;
    write(JSON.stringify(entry));
  };
  line("start");
  return {
    progress(counts) {
      const now = clock();
      if (now - lastProgress < PROGRESS_EVERY_MS) return;
      lastProgress = now;
      line("progress", counts);
    },
    done(result) {
      line("done", countsOf(result));
    },
    failed(error) {
      line("failed", { error: error instanceof Error ? error.message : String(error) });
    },
  };
}

/** A run that writes nothing: while the job's service is down, its outage lines speak for every run. */
export function quietJobLog(): JobRunLog {
  return { progress: () => undefined, done: () => undefined, failed: () => undefined };
}
