import "server-only";
import { HowdahError } from "@/lib/errors";
import { parseRubyJson, RubyFloat, toRubyJson, type RubyHash, type RubyValue } from "@/lib/mastodon/sidekiq/ruby-json";
import type { SidekiqFormat } from "@/lib/mastodon/version";

/**
 * What Sidekiq's own API does to a job it takes out of `retry`, `dead` or
 * `schedule` and pushes back onto its queue (api.rb SortedEntry#retry and
 * #add_to_queue, then Client#push → normalize_item → atomic_push, identical
 * in 6.5.12, 7.3.9 and 8.1.6 apart from the time unit):
 *
 * - #retry: `retry_count -= 1 if retry_count` (a manual retry does not count
 *   against the limit; Ruby's 0 is truthy, so 0 becomes -1); #add_to_queue
 *   (scheduled jobs) leaves the job as is;
 * - normalize_item: `{"retry"=>true,"queue"=>"default"}.merge(job)` (so
 *   "retry" and "queue" lead), `retry_for.to_i` (7.3+), `created_at ||= now`;
 * - atomic_push: `enqueued_at = now` (kept in place when present), SADD
 *   queues + LPUSH queue:<queue>.
 *
 * Now is Float seconds for 6.5 / 7.3 and Integer milliseconds for 8.x. The
 * job is parsed and dumped with Ruby's JSON rules (key order, Float vs
 * Integer, ids beyond 2^53 intact), as Sidekiq.load_json / dump_json would.
 * Sidekiq's client middleware (unique-jobs locks, Mastodon's batching) does
 * not run, as for any non-Ruby client.
 */
export interface Repush {
  queue: string;
  payload: string;
  jid: string;
  className: string;
}

const bad = (why: string) =>
  new HowdahError("bad_request", `This is not a job Sidekiq would re-enqueue: ${why}. Nothing was changed.`);

/** Parses a payload sent back by the page: it must be a JSON object with a class and a jid. */
export function parseJobPayload(raw: string): RubyHash {
  let job: RubyValue;
  try {
    job = parseRubyJson(raw);
  } catch {
    throw bad("it is not valid JSON");
  }
  if (!(job instanceof Map)) throw bad("it is not a JSON object");
  const map = job as RubyHash;
  if (typeof map.get("class") !== "string" || !map.get("class")) throw bad('it has no "class"');
  if (typeof map.get("jid") !== "string" || !map.get("jid")) throw bad('it has no "jid"');
  return map;
}

const truthy = (v: RubyValue | undefined) => v !== undefined && v !== null && v !== false;

function nowValue(format: SidekiqFormat, nowMs: number): RubyValue {
  return format === "8.0" || format === "8.1" ? Math.floor(nowMs) : new RubyFloat(nowMs / 1000);
}

export function repushPayload(
  raw: string,
  options: { format: SidekiqFormat; nowMs: number; decrementRetryCount: boolean },
): Repush {
  const job = parseJobPayload(raw);
  if (!Array.isArray(job.get("args"))) throw bad('its "args" is not an array');
  if (job.has("at")) throw bad('it still carries an "at" time');

  if (options.decrementRetryCount && truthy(job.get("retry_count"))) {
    const count = job.get("retry_count");
    if (typeof count === "number") job.set("retry_count", count - 1);
    else if (typeof count === "bigint") job.set("retry_count", count - 1n);
    else throw bad('its "retry_count" is not a number');
  }

  const queue = job.has("queue") ? job.get("queue") : "default";
  if (typeof queue !== "string" || queue === "") throw bad("it names no queue");
  const out: RubyHash = new Map<string, RubyValue>([
    ["retry", job.has("retry") ? (job.get("retry") as RubyValue) : true],
    ["queue", queue],
  ]);
  for (const [key, value] of job) if (key !== "retry" && key !== "queue") out.set(key, value);

  const retryFor = out.get("retry_for");
  if (options.format !== "6.5" && truthy(retryFor) && retryFor instanceof RubyFloat)
    out.set("retry_for", Math.trunc(retryFor.value));
  const now = nowValue(options.format, options.nowMs);
  if (!truthy(out.get("created_at"))) out.set("created_at", now);
  out.set("enqueued_at", now);
  return { queue, payload: toRubyJson(out), jid: job.get("jid") as string, className: job.get("class") as string };
}
