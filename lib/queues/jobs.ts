import "server-only";
import { z } from "zod";
import type { JobFields, ReadJob } from "@/lib/mastodon/sidekiq/area";
import { JOB_ID_PATTERN } from "@/lib/mastodon/sidekiq/job-ref";
import { parseSourceId, sourceId, type JobSource } from "@/lib/mastodon/sidekiq/job-source";
import { HowdahError } from "@/lib/errors";
import type { ServerContext } from "@/lib/server/context";
import { queueNameSchema } from "./alert-settings";

/**
 * One page of jobs from a queue or from the retry, scheduled or dead set,
 * read window by window from Redis. Each row carries the job's exact stored
 * string (what retry and delete send back to name it) and the fields an
 * admin reads: class, args, times, retry count, error.
 */
export const jobSourceSchema = z
  .string()
  .max(220)
  .transform((id, ctx) => {
    const source = parseSourceId(id);
    if (!source || (source.kind === "queue" && !queueNameSchema.safeParse(source.queue).success)) {
      ctx.addIssue({
        code: "custom",
        message: `"${id}" is not a job list: use queue:<name>, retry, schedule or dead.`,
      });
      return z.NEVER;
    }
    return source;
  });

/** A job row's `id`: where the job was and a digest of its exact stored string. */
export const jobIdSchema = z
  .string()
  .max(120)
  .regex(JOB_ID_PATTERN, "a job id is the `id` of a row from /api/queues/jobs, such as 1754480000.25:<32 hex digits>");

export const classNameSchema = z
  .string()
  .max(200)
  .regex(/^[A-Za-z_][A-Za-z0-9_:]*$/, "a job class is a Ruby class name such as ActivityPub::DeliveryWorker");

export const listJobsInput = z.object({
  source: jobSourceSchema,
  offset: z.coerce.number().int().min(0).max(1_000_000_000).default(0),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  class: z.union([classNameSchema, z.literal("")]).optional(),
  /** Search in the stored strings (args, jid, error), as Sidekiq's Web UI filter does. */
  q: z.string().max(200).optional(),
  reverse: z
    .enum(["0", "1", "true", "false"])
    .optional()
    .transform((v) => v === "1" || v === "true"),
});
export type ListJobsInput = z.infer<typeof listJobsInput>;

/**
 * A list carries a preview of each job, never its whole stored string: one
 * ActivityPub body can weigh megabytes, and a page of 25 of them would be
 * tens of megabytes. The whole string is fetched on demand (getJobPayload).
 */
export const PREVIEW_CHARS = 2_000;
const LABEL_CHARS = 200;
const ERROR_CHARS = 1_000;

/** A job as a page shows it: a bounded preview of what is stored, and the fields read from it. */
export interface JobRow extends Pick<
  JobFields,
  "queue" | "jid" | "createdAt" | "enqueuedAt" | "failedAt" | "retriedAt" | "retryCount" | "errorClass" | "errorMessage"
> {
  position: number;
  /** Names the job to the action and payload endpoints (where it was, and a digest of its exact stored string). */
  id: string;
  /** Run at (schedule), retry at (retry), died at (dead), epoch ms; null in a queue. */
  scoreMs: number | null;
  className: string;
  /** The args as stored (the whole stored string for an unreadable entry), cut at PREVIEW_CHARS. */
  args: string;
  argsTruncated: boolean;
  /** Length of the whole stored string, in UTF-8 bytes. */
  bytes: number;
  /** False when the stored string is not a readable job (shown raw). */
  readable: boolean;
}

export interface JobPage {
  source: string;
  total: number;
  offset: number;
  limit: number;
  reverse: boolean;
  classFilter: string | null;
  /** The search text, when the page is search results (then `offset` is 0 and there is no next page). */
  search: string | null;
  /** Search: how many entries matched (more than `jobs` when over the limit); null otherwise. */
  matches: number | null;
  /** Search: false when the scan stopped at its bound (a very large list), so there may be more. */
  complete: boolean;
  scanned: number;
  nextOffset: number | null;
  jobs: JobRow[];
}

const clip = (v: string | null | undefined, n: number): string | null => (v == null ? null : v.slice(0, n));

export function toJobRow(entry: ReadJob): JobRow {
  const fields = entry.fields;
  const readable = fields !== null && fields.class !== null;
  const args = (readable ? fields.argsText : null) ?? entry.raw;
  return {
    position: entry.position,
    id: entry.id,
    scoreMs: entry.scoreMs,
    className: readable ? clip(fields.displayClass, LABEL_CHARS)! : "(not a job)",
    queue: clip(fields?.queue, LABEL_CHARS),
    jid: clip(fields?.jid, LABEL_CHARS),
    args: args.slice(0, PREVIEW_CHARS),
    argsTruncated: args.length > PREVIEW_CHARS,
    bytes: Buffer.byteLength(entry.raw, "utf8"),
    createdAt: fields?.createdAt ?? null,
    enqueuedAt: fields?.enqueuedAt ?? null,
    failedAt: fields?.failedAt ?? null,
    retriedAt: fields?.retriedAt ?? null,
    retryCount: fields?.retryCount ?? null,
    errorClass: clip(fields?.errorClass, LABEL_CHARS),
    errorMessage: clip(fields?.errorMessage, ERROR_CHARS),
    readable,
  };
}

export const jobPayloadInput = z.object({ source: jobSourceSchema, id: jobIdSchema });
export type JobPayloadInput = z.infer<typeof jobPayloadInput>;

/** One job's whole stored string, exactly as Sidekiq keeps it, on demand ("show the whole payload"). */
export async function getJobPayload(
  context: ServerContext,
  input: JobPayloadInput,
): Promise<{ id: string; bytes: number; raw: string }> {
  const raw = await context.mastodon.sidekiq.readJob(input.source, input.id);
  if (raw === null) {
    throw new HowdahError(
      "not_found",
      `That job is no longer in ${describeSource(input.source)}: Sidekiq has probably run, retried or moved it ` +
        "since the page was loaded.",
    );
  }
  return { id: input.id, bytes: Buffer.byteLength(raw, "utf8"), raw };
}

export async function listJobs(context: ServerContext, input: ListJobsInput): Promise<JobPage> {
  const classFilter = input.class || null;
  const search = input.q?.trim() || null;
  if (search) {
    const found = await context.mastodon.sidekiq.searchJobs(input.source, search, { limit: input.limit });
    return {
      source: sourceId(input.source),
      total: found.total,
      offset: 0,
      limit: input.limit,
      reverse: false,
      classFilter: null,
      search,
      matches: found.matches,
      complete: found.complete,
      scanned: found.scanned,
      nextOffset: null,
      jobs: found.entries.map(toJobRow),
    };
  }
  const window = await context.mastodon.sidekiq.jobWindow(input.source, {
    offset: input.offset,
    limit: input.limit,
    reverse: input.reverse,
    classFilter: classFilter ?? undefined,
  });
  return {
    source: sourceId(input.source),
    total: window.total,
    offset: input.offset,
    limit: input.limit,
    reverse: input.reverse,
    classFilter,
    search: null,
    matches: null,
    complete: true,
    scanned: window.scanned,
    nextOffset: window.nextOffset,
    jobs: window.entries.map(toJobRow),
  };
}

export function describeSource(source: JobSource): string {
  return source.kind === "queue"
    ? `the ${source.queue} queue`
    : source.set === "schedule"
      ? "the scheduled set"
      : `the ${source.set} set`;
}
