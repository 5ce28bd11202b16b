/**
 * Sidekiq's Redis key names (dev/fixtures/sidekiq/FORMATS.md), the same in
 * 6.5, 7.3 and 8.x. Under Mastodon 4.3's REDIS_NAMESPACE every *key* gets the
 * `<ns>:` prefix; set members, list values and hash fields never do, so the
 * `processes` set holds bare identities whose hashes live at `<ns>:<identity>`.
 */
export type JobSetName = "schedule" | "retry" | "dead";
export const JOB_SETS: readonly JobSetName[] = ["schedule", "retry", "dead"];

/** Where jobs can be listed from: a queue (`queue:<name>` list) or one of the three sorted sets. */
export type JobSource = { kind: "queue"; queue: string } | { kind: "set"; set: JobSetName };

export interface SidekiqKeys {
  prefix: string;
  queues: string;
  queue(name: string): string;
  set(name: JobSetName): string;
  processes: string;
  processed: string;
  failed: string;
  /** The `<identity>` heartbeat hash. */
  process(identity: string): string;
  /** The `<identity>:work` hash of running jobs. */
  work(identity: string): string;
  /** The list or sorted set a source reads from. */
  source(source: JobSource): string;
}

export function sidekiqKeys(prefix: string): SidekiqKeys {
  const k = (name: string) => `${prefix}${name}`;
  return {
    prefix,
    queues: k("queues"),
    queue: (name) => k(`queue:${name}`),
    set: (name) => k(name),
    processes: k("processes"),
    processed: k("stat:processed"),
    failed: k("stat:failed"),
    process: (identity) => k(identity),
    work: (identity) => k(`${identity}:work`),
    source: (source) => (source.kind === "queue" ? k(`queue:${source.queue}`) : k(source.set)),
  };
}

/** "queue:push", "retry", "schedule", "dead": the one string pages and APIs pass around. */
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
