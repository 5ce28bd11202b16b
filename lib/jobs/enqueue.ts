import "server-only";
import { Queue } from "bullmq";
import type { ServerContext } from "@/lib/server/context";
import { bullmqConnection } from "./redis-connection";
import { findJob } from "./registry";
import { QUEUE_NAME } from "./worker";

/**
 * Adds one on-demand job to Howdah's queue for the worker. The job id makes
 * a second click while the first is queued a no-op; finished jobs are
 * removed so the same work (a resumed batch) can be queued again later.
 */
export async function enqueueHowdahJob(
  context: ServerContext,
  name: string,
  payload: unknown,
  jobId: string,
): Promise<void> {
  const definition = findJob(name);
  if (!definition) throw new Error(`No Howdah job is named ${name}.`);
  const data = definition.payload.parse(payload);
  const connection = bullmqConnection(context, "enqueue");
  const queue = new Queue(QUEUE_NAME, { connection, prefix: context.config.howdah.redisPrefix });
  queue.on("error", () => undefined);
  try {
    await queue.add(name, data, { jobId, removeOnComplete: true, removeOnFail: true, attempts: 1 });
  } finally {
    await queue.close().catch(() => undefined);
    connection.disconnect();
  }
}
