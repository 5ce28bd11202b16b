import "server-only";
import type { JobSetName, JobSource } from "./job-source";

export { JOB_SETS, parseSourceId, sourceId, type JobSetName, type JobSource } from "./job-source";

/**
 * Sidekiq's Redis key names (dev/fixtures/sidekiq/FORMATS.md), the same in
 * 6.5, 7.3 and 8.x. Under Mastodon 4.3's REDIS_NAMESPACE every *key* gets the
 * `<ns>:` prefix; set members, list values and hash fields never do, so the
 * `processes` set holds bare identities whose hashes live at `<ns>:<identity>`.
 */
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
