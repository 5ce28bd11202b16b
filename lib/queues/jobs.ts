import "server-only";
import { z } from "zod";
import type { JobFields, ReadJob } from "@/lib/mastodon/sidekiq/area";
import { parseSourceId, sourceId, type JobSource } from "@/lib/mastodon/sidekiq/job-source";
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

export const classNameSchema = z
  .string()
  .max(200)
  .regex(/^[A-Za-z_][A-Za-z0-9_:]*$/, "a job class is a Ruby class name such as ActivityPub::DeliveryWorker");

export const listJobsInput = z.object({
  source: jobSourceSchema,
  offset: z.coerce.number().int().min(0).max(1_000_000_000).default(0),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  class: z.union([classNameSchema, z.literal("")]).optional(),
  reverse: z
    .enum(["0", "1", "true", "false"])
    .optional()
    .transform((v) => v === "1" || v === "true"),
});
export type ListJobsInput = z.infer<typeof listJobsInput>;

const ARGS_LIMIT = 20_000;

/** A job as a page shows it: the exact stored string, and the fields read from it. */
export interface JobRow extends Pick<
  JobFields,
  "queue" | "jid" | "createdAt" | "enqueuedAt" | "failedAt" | "retriedAt" | "retryCount" | "errorClass" | "errorMessage"
> {
  position: number;
  raw: string;
  /** Run at (schedule), retry at (retry), died at (dead), epoch ms; null in a queue. */
  scoreMs: number | null;
  className: string;
  args: string;
  argsTruncated: boolean;
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
  scanned: number;
  nextOffset: number | null;
  jobs: JobRow[];
}

export function toJobRow(entry: ReadJob): JobRow {
  const fields = entry.fields;
  const args = fields?.argsText ?? entry.raw;
  return {
    position: entry.position,
    raw: entry.raw,
    scoreMs: entry.scoreMs,
    className: fields?.displayClass ?? "(not a job)",
    queue: fields?.queue ?? null,
    jid: fields?.jid ?? null,
    args: args.slice(0, ARGS_LIMIT),
    argsTruncated: args.length > ARGS_LIMIT,
    createdAt: fields?.createdAt ?? null,
    enqueuedAt: fields?.enqueuedAt ?? null,
    failedAt: fields?.failedAt ?? null,
    retriedAt: fields?.retriedAt ?? null,
    retryCount: fields?.retryCount ?? null,
    errorClass: fields?.errorClass ?? null,
    errorMessage: fields?.errorMessage?.slice(0, 2_000) ?? null,
    readable: fields !== null && fields.class !== null,
  };
}

export async function listJobs(context: ServerContext, input: ListJobsInput): Promise<JobPage> {
  const classFilter = input.class || null;
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
