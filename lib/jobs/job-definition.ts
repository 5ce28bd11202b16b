import "server-only";
import type { z } from "zod";
import type { ServerContext } from "@/lib/server/context";
import type { ReportProgress } from "./job-log";

/**
 * One Howdah background job: its name, its payload schema (checked when the
 * job is added and again when it runs), an optional schedule, and the work.
 */
export interface JobDefinition<S extends z.ZodType = z.ZodType> {
  name: string;
  payload: S;
  /** Repeat every N ms through a BullMQ job scheduler; absent for on-demand jobs. */
  everyMs?: number;
  /** The result's scalar fields go into the `done` log line; long runs call `progress` as they go. */
  run(context: ServerContext, payload: z.infer<S>, progress?: ReportProgress): Promise<unknown>;
}

export function defineJob<S extends z.ZodType>(definition: JobDefinition<S>): JobDefinition<S> {
  return definition;
}
