import "server-only";

/**
 * Where jobs can be listed from, and the one string pages and APIs pass
 * around for it: a queue (`queue:<name>`) or one of Sidekiq's three sorted
 * sets (`schedule`, `retry`, `dead`). The Redis keys behind them are keys.ts'.
 */
export type JobSetName = "schedule" | "retry" | "dead";
export const JOB_SETS: readonly JobSetName[] = ["schedule", "retry", "dead"];

export type JobSource = { kind: "queue"; queue: string } | { kind: "set"; set: JobSetName };

/** "queue:push", "retry", "schedule", "dead". */
export function sourceId(source: JobSource): string {
  return source.kind === "queue" ? `queue:${source.queue}` : source.set;
}

export function parseSourceId(id: string): JobSource | null {
  if (id.startsWith("queue:")) {
    const queue = id.slice("queue:".length);
    return queue ? { kind: "queue", queue } : null;
  }
  return (JOB_SETS as readonly string[]).includes(id) ? { kind: "set", set: id as JobSetName } : null;
}
