/**
 * What the pages offer on a job, per list, as Sidekiq's Web UI does (the
 * gateway refuses anything else): retry set: retry now, kill, delete;
 * scheduled: enqueue now, delete; dead: retry now, delete; a queue: delete.
 * "Retry now" and "Enqueue now" are not offered for a job whose time has
 * come: Sidekiq's poller is already moving it to its queue.
 */
export type JobActionName = "retry" | "enqueue" | "delete" | "kill";

export interface JobActionSpec {
  action: JobActionName;
  label: string;
  /** Confirmation for one job and for `n` picked jobs. */
  confirmOne: string;
  confirmMany: (n: number) => string;
  /** Moves the job to its queue: pointless once the job is due. */
  enqueues: boolean;
}

const jobs = (n: number) => `${n.toLocaleString("en")} ${n === 1 ? "job" : "jobs"}`;

const SPEC: Record<JobActionName, JobActionSpec> = {
  retry: {
    action: "retry",
    label: "Retry now",
    confirmOne: "Move it to its queue now?",
    confirmMany: (n) => `Move ${jobs(n)} to their queues now?`,
    enqueues: true,
  },
  enqueue: {
    action: "enqueue",
    label: "Enqueue now",
    confirmOne: "Add it to its queue now?",
    confirmMany: (n) => `Add ${jobs(n)} to their queues now?`,
    enqueues: true,
  },
  kill: {
    action: "kill",
    label: "Kill",
    confirmOne: "Move it to the dead set, with no more retries?",
    confirmMany: (n) => `Move ${jobs(n)} to the dead set?`,
    enqueues: false,
  },
  delete: {
    action: "delete",
    label: "Delete",
    confirmOne: "Delete this job for good?",
    confirmMany: (n) => `Delete ${jobs(n)} for good?`,
    enqueues: false,
  },
};

export function jobActionsFor(source: string): JobActionSpec[] {
  const names: JobActionName[] =
    source === "retry"
      ? ["retry", "kill", "delete"]
      : source === "schedule"
        ? ["enqueue", "delete"]
        : source === "dead"
          ? ["retry", "delete"]
          : ["delete"];
  return names.map((n) => SPEC[n]);
}

/** A retry or scheduled job whose time has passed: Sidekiq's poller enqueues it within seconds. */
export function isDue(source: string, scoreMs: number | null, now: number): boolean {
  return (source === "retry" || source === "schedule") && scoreMs !== null && scoreMs <= now;
}
