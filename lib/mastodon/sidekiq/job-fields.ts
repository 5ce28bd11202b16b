import "server-only";
import type { SidekiqFormat } from "@/lib/mastodon/version";
import { displayClassOf } from "./display-class";
import { jsonInteger, jsonString, scanTopLevel } from "./payload-scan";

/**
 * What Howdah shows of one job, read from its exact stored string. Times are
 * epoch milliseconds whatever unit the job was written in: Sidekiq 6.5/7.3
 * write Float seconds, 8.x Integer milliseconds, and after an upgrade both
 * sit side by side in the same queue (FORMATS.md, "Job payload").
 */
export interface JobFields {
  class: string | null;
  /** ActiveJob's job class (e.g. ActionMailer::MailDeliveryJob), when wrapped. */
  wrapped: string | null;
  /** What an admin recognises, as Sidekiq's Web UI names it ("UserMailer#confirmation_instructions"). */
  displayClass: string;
  queue: string | null;
  jid: string | null;
  /** The `args` array exactly as stored (ids beyond 2^53 intact). */
  argsText: string | null;
  createdAt: number | null;
  enqueuedAt: number | null;
  failedAt: number | null;
  retriedAt: number | null;
  retryCount: number | null;
  errorClass: string | null;
  errorMessage: string | null;
}

/**
 * A job timestamp's raw JSON text in epoch ms. Float (has "." or an exponent)
 * = seconds, as Sidekiq 8's reader decides by JSON type; an Integer is ms,
 * unless it is too small to be a millisecond time (< 1e11, i.e. before 1973),
 * which only a seconds value can be.
 */
export function timestampMs(raw: string | undefined): number | null {
  if (raw === undefined || raw === "null") return null;
  const n = Number(raw);
  if (!Number.isFinite(n)) return null;
  const isFloat = /[.eE]/.test(raw);
  return isFloat || Math.abs(n) < 1e11 ? n * 1000 : n;
}

export function readJobFields(raw: string): JobFields | null {
  const fields = scanTopLevel(raw);
  if (!fields) return null;
  const klass = jsonString(fields.get("class"));
  const wrapped = jsonString(fields.get("wrapped"));
  const count = jsonInteger(fields.get("retry_count"));
  return {
    class: klass,
    wrapped,
    displayClass: displayClassOf(fields) ?? "(no class)",
    queue: jsonString(fields.get("queue")),
    jid: jsonString(fields.get("jid")),
    argsText: fields.get("args") ?? null,
    createdAt: timestampMs(fields.get("created_at")),
    enqueuedAt: timestampMs(fields.get("enqueued_at")),
    failedAt: timestampMs(fields.get("failed_at")),
    retriedAt: timestampMs(fields.get("retried_at")),
    retryCount: count === null ? null : Number(count),
    errorClass: jsonString(fields.get("error_class")),
    errorMessage: jsonString(fields.get("error_message")),
  };
}

/**
 * Queue#latency for the oldest job (`LINDEX queue:<q> -1`), per version:
 * 8.x uses `enqueued_at || created_at`; 6.5 and 7.3 use `enqueued_at` only
 * (0 when absent). An empty queue, or a job that is not JSON, has latency 0.
 */
export function latencySeconds(format: SidekiqFormat, oldest: string | null, nowMs: number): number {
  if (!oldest) return 0;
  const fields = scanTopLevel(oldest);
  if (!fields) return 0;
  const enqueued = timestampMs(fields.get("enqueued_at"));
  const at = format === "8.0" || format === "8.1" ? (enqueued ?? timestampMs(fields.get("created_at"))) : enqueued;
  return at === null ? 0 : (nowMs - at) / 1000;
}
