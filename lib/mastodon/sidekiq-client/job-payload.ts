import "server-only";
import { randomBytes, randomUUID } from "node:crypto";
import {
  RubyFloat,
  rubyFloatToS,
  rubyMerge,
  toRubyJson,
  type RubyHash,
  type RubyValue,
} from "@/lib/mastodon/sidekiq/ruby-json";
import type { SidekiqFormat } from "@/lib/mastodon/version";

/**
 * The bytes Sidekiq's client writes for a job, per Sidekiq version
 * (dev/fixtures/sidekiq/FORMATS.md cites the lines; re-read for this module
 * at sidekiq v6.5.12, v7.3.9 and v8.1.6, lib/sidekiq/job_util.rb,
 * client.rb, job.rb / worker.rb):
 *
 * - JobUtil#normalize_item does `defaults.merge(item)`, defaults being the
 *   worker's sidekiq_options over {"retry"=>true,"queue"=>"default"}: so
 *   "retry", "queue", the class's other options, then the item's keys in the
 *   order the push path built them, then "jid" (SecureRandom.hex(12)) and
 *   "created_at";
 * - Setter#perform_async (`Worker.perform_async`, `Worker.set(…).perform_async`,
 *   ActiveJob) builds `@opts.merge("args" => …, "class" => …)`: Setter options
 *   (queue, wrapped), args, class. The class method `Worker.perform_in`
 *   builds {"class", "args", "at"}: class before args;
 * - created_at: `Time.now.to_f` (Float s) on 6.5 and 7.3, Integer epoch ms
 *   (`CLOCK_REALTIME, :millisecond`) on 8.x;
 * - Client#atomic_push appends "enqueued_at" (same unit, a second clock
 *   read) to a job pushed now; a scheduled one ("at" > now) goes to the
 *   `schedule` zset without "at" and without "enqueued_at", scored with
 *   `at.to_s` (Float#to_s of epoch seconds) in every version.
 */

/** Sidekiq 8 writes Integer epoch ms; 6.5 and 7.3 Float epoch seconds. */
export const usesMillis = (format: SidekiqFormat): boolean => format === "8.0" || format === "8.1";

/** A job timestamp in the unit and Ruby type this Sidekiq writes. */
export function jobTime(format: SidekiqFormat, epochMs: number): RubyValue {
  return usesMillis(format) ? Math.floor(epochMs) : new RubyFloat(epochMs / 1000);
}

/** The `schedule` zset score: `at.to_s`, Float epoch seconds, in every version. */
export const scheduleScore = (epochMs: number): string => rubyFloatToS(epochMs / 1000);

/** SecureRandom.hex(12). */
export const newJid = (): string => randomBytes(12).toString("hex");

/** SecureRandom.uuid, ActiveJob's job_id. */
export const newActiveJobId = (): string => randomUUID();

const DEFAULT_OPTIONS: ReadonlyArray<readonly [string, RubyValue]> = [
  ["retry", true],
  ["queue", "default"],
];

/** How the job reaches Sidekiq's client, which decides where "args" and "class" sit. */
export type PushPath = "perform_async" | "perform_in";

export interface JobSpec {
  /** The worker class name. */
  class: string;
  args: readonly RubyValue[];
  /** The class's sidekiq_options in declaration order (see workers.ts). */
  options?: ReadonlyArray<readonly [string, RubyValue]>;
  /**
   * `Worker.set(…)` options in the order given (ActiveJob: wrapped, queue);
   * a queue given here overrides the class's at the position of "queue".
   */
  set?: ReadonlyArray<readonly [string, RubyValue]>;
  /** Default "perform_async" (Setter). "perform_in" is the class method, used with `at`. */
  via?: PushPath;
}

export interface JobTimes {
  jid: string;
  createdAtMs: number;
  /** Absent for a scheduled job (the schedule zset stores none). */
  enqueuedAtMs?: number;
}

/** The job as Client#normalize_item leaves it, plus "enqueued_at" when one is given. */
export function buildJobHash(format: SidekiqFormat, spec: JobSpec, times: JobTimes): RubyHash {
  if (!/^[0-9a-f]{24}$/.test(times.jid)) throw new Error("a jid is 24 lowercase hex characters");
  const defaults = rubyMerge(new Map(DEFAULT_OPTIONS), spec.options ?? []);
  const set = spec.set ?? [];
  const item: Array<readonly [string, RubyValue]> =
    (spec.via ?? "perform_async") === "perform_async"
      ? [...set, ["args", [...spec.args]], ["class", spec.class]]
      : [["class", spec.class], ...set, ["args", [...spec.args]]];
  const job = rubyMerge(defaults, item);
  const queue = job.get("queue");
  if (typeof queue !== "string" || queue === "") throw new Error(`${spec.class} has no queue name`);
  job.set("jid", times.jid);
  job.set("created_at", jobTime(format, times.createdAtMs));
  if (times.enqueuedAtMs !== undefined) job.set("enqueued_at", jobTime(format, times.enqueuedAtMs));
  return job;
}

/** The JSON string Sidekiq LPUSHes (with enqueuedAtMs) or ZADDs to `schedule` (without). */
export function buildJobPayload(format: SidekiqFormat, spec: JobSpec, times: JobTimes): string {
  return toRubyJson(buildJobHash(format, spec, times));
}

// ---------------------------------------------------------------------------
// ActiveJob: `deliver_later` mail jobs

/**
 * The Sidekiq class ActiveJob pushes. Mastodon 4.3 (Rails 7.1.6's own
 * adapter, activejob/lib/active_job/queue_adapters/sidekiq_adapter.rb) and
 * 4.4 (Sidekiq 7.3's adapter) push ActiveJob::QueueAdapters::SidekiqAdapter::JobWrapper;
 * Sidekiq 8's adapter (lib/active_job/queue_adapters/sidekiq_adapter.rb at
 * v8.1.6, which replaces Rails') pushes Sidekiq::ActiveJob::Wrapper, JobWrapper
 * being only a constant alias of it.
 */
export const activeJobWrapperClass = (format: SidekiqFormat): string =>
  usesMillis(format) ? "Sidekiq::ActiveJob::Wrapper" : "ActiveJob::QueueAdapters::SidekiqAdapter::JobWrapper";

/** A record argument as ActiveJob serialises it (GlobalID app `mastodon`, no config.global_id override). */
export const globalId = (model: string, id: string | number | bigint): RubyHash =>
  new Map<string, RubyValue>([["_aj_globalid", `gid://mastodon/${model}/${String(id)}`]]);

/**
 * `Time#utc.iso8601(9)`, ActiveJob's enqueued_at / scheduled_at, from a (fractional) epoch ms. A double holds
 * an epoch in ms to about a quarter of a microsecond, so digits below the microsecond are written as 0.
 */
export function iso8601Nanos(epochMs: number): string {
  const whole = Math.floor(epochMs);
  const iso = new Date(whole).toISOString();
  const micros = Math.min(999, Math.round((epochMs - whole) * 1000))
    .toString()
    .padStart(3, "0");
  return `${iso.slice(0, 23)}${micros}000Z`;
}

export interface MailDelivery {
  /** "UserMailer". */
  mailer: string;
  /** "warning". */
  action: string;
  /** `deliver_later!` → "deliver_now!", `deliver_later` → "deliver_now" (MessageDelivery#enqueue_delivery). */
  deliveryMethod: "deliver_now" | "deliver_now!";
  /** The mailer method's arguments; records as globalId(model, id). */
  args: readonly RubyValue[];
  /** `Mailer.with(…)` params (Symbol keys in Ruby), for parameterized mailers only. */
  params?: ReadonlyArray<readonly [string, RubyValue]>;
  /** I18n.locale of the request that enqueued it (the acting admin's); the mailer switches to the recipient's. */
  locale: string;
  /** `deliver_later(wait:)`: epoch ms; the job then goes to the `schedule` zset. */
  at?: number;
}

/**
 * ActiveJob::Core#serialize (identical key list in rails v7.1.6 and v8.1.3)
 * for ActionMailer::MailDeliveryJob: arguments = [mailer, action, method,
 * {args: […]}] where the kwargs Hash is flagged ruby2_keywords (enqueuing.rb),
 * so it carries "_aj_ruby2_keywords"; `params:` (Symbol-keyed) carries
 * "_aj_symbol_keys". timezone is "UTC" (Mastodon sets no config.time_zone).
 */
export function serializeMailDeliveryJob(
  delivery: MailDelivery,
  fields: { jobId: string; enqueuedAtMs: number },
): RubyHash {
  const kwargs = new Map<string, RubyValue>();
  if (delivery.params) {
    const params = new Map<string, RubyValue>(delivery.params);
    params.set(
      "_aj_symbol_keys",
      delivery.params.map(([k]) => k),
    );
    kwargs.set("params", params);
  }
  kwargs.set("args", [...delivery.args]);
  kwargs.set("_aj_ruby2_keywords", delivery.params ? ["params", "args"] : ["args"]);
  return new Map<string, RubyValue>([
    ["job_class", "ActionMailer::MailDeliveryJob"],
    ["job_id", fields.jobId],
    ["provider_job_id", null],
    ["queue_name", "mailers"],
    ["priority", null],
    ["arguments", [delivery.mailer, delivery.action, delivery.deliveryMethod, kwargs]],
    ["executions", 0],
    ["exception_executions", new Map()],
    ["locale", delivery.locale],
    ["timezone", "UTC"],
    ["enqueued_at", iso8601Nanos(fields.enqueuedAtMs)],
    ["scheduled_at", delivery.at === undefined ? null : iso8601Nanos(delivery.at)],
  ]);
}

/**
 * The Sidekiq job spec for a mail delivery: both adapters do
 * `Wrapper.set(wrapped: job.class, queue: job.queue_name).perform_async(job.serialize)`
 * (perform_at when scheduled), with `config.action_mailer.deliver_later_queue_name = 'mailers'`.
 * The wrapper and MailDeliveryJob have Sidekiq's default options.
 */
export function mailDeliveryJobSpec(format: SidekiqFormat, serialized: RubyHash): JobSpec {
  return {
    class: activeJobWrapperClass(format),
    args: [serialized],
    options: [],
    set: [
      ["wrapped", "ActionMailer::MailDeliveryJob"],
      ["queue", "mailers"],
    ],
    via: "perform_async",
  };
}
