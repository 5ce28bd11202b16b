import { execFile, execFileSync } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import type { Redis } from "ioredis";
import type pg from "pg";
import { sidekiqKeys, type SidekiqKeys } from "@/lib/mastodon/sidekiq/keys";
import { populateBenchSidekiq } from "./queues-populate";

/**
 * Sidekiq's own Ruby API as the queue pages' anchor (Debian's ruby-sidekiq,
 * which dev/setup/ensure.sh --bench installs): dev/bench/sidekiq-ruby-anchor.rb
 * run against a Redis holding the bench's million jobs in the format that
 * Sidekiq reads. Debian's Sidekiq is 6.4, which reads second timestamps and
 * each process's running jobs from `<identity>:workers` (6.5 moved them to
 * `:work`): its copy is the fixtures' 6.5 format with the work hashes also
 * under that name, so it reads every figure right, not just the cost.
 */
const SCRIPT = path.resolve(import.meta.dirname, "sidekiq-ruby-anchor.rb");
const run = promisify(execFile);

export interface RubyReading<Seen> {
  version: string;
  ms: number[];
  seen: Seen;
}

export interface RubySummarySeen {
  enqueued: number;
  scheduled: number;
  retries: number;
  dead: number;
  processes: number;
  busy: number;
  processed: number;
  failed: number;
  queues: [string, number, number][];
  alive: [string, number, number][];
  running: [string, string][];
}

export interface RubyPageSeen {
  total: number;
  jids: string[];
}

/** Sidekiq's version when its Ruby API can be loaded here, else null. */
export function rubySidekiqVersion(): string | null {
  try {
    return execFileSync("ruby", ["-e", 'require "sidekiq/api"; print Sidekiq::VERSION'], {
      stdio: ["ignore", "pipe", "ignore"],
    }).toString();
  } catch {
    return null;
  }
}

/** Fills `redis` (a database of its own) with the bench's jobs as Sidekiq 6.4 reads them. */
export async function populateRubyAnchor(redis: Redis, readDb: pg.Pool, now: number): Promise<SidekiqKeys> {
  await redis.flushdb();
  const keys = sidekiqKeys("");
  await populateBenchSidekiq(redis, readDb, "6.5", () => {}, now);
  for (const id of await redis.smembers(keys.processes)) {
    await redis.copy(keys.work(id), `${id}:workers`);
    await redis.persist(`${id}:workers`);
  }
  return keys;
}

/** Runs the anchor script `times` times against `redisUrl` (a mode and its arguments, see the script). */
export async function rubyAnchor<Seen>(redisUrl: string, args: string[]): Promise<RubyReading<Seen>> {
  const { stdout } = await run("ruby", [SCRIPT, ...args], {
    env: { ...process.env, REDIS_URL: redisUrl },
    maxBuffer: 1 << 26,
  });
  return JSON.parse(stdout) as RubyReading<Seen>;
}
