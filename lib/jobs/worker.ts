import "server-only";
import { Queue, Worker, type Job } from "bullmq";
import type { ServerContext } from "@/lib/server/context";
import { bullmqConnection } from "./redis-connection";
import { findJob, JOBS } from "./registry";

/**
 * Howdah's BullMQ worker: one queue under Howdah's own key prefix (never
 * among Sidekiq's keys), separate Redis connections for the producer and the
 * worker as BullMQ requires, schedules upserted on start, and a close() that
 * lets the running job finish.
 */
export const QUEUE_NAME = "howdah";

export interface RunningWorker {
  queue: Queue;
  close(): Promise<void>;
}

export async function startWorker(
  context: ServerContext,
  log: (line: string) => void = console.log,
): Promise<RunningWorker> {
  const prefix = context.config.howdah.redisPrefix;
  const producer = bullmqConnection(context, "producer");
  const consumer = bullmqConnection(context, "worker");
  const queue = new Queue(QUEUE_NAME, { connection: producer, prefix });

  for (const job of JOBS) {
    if (!job.everyMs) continue;
    await queue.upsertJobScheduler(
      job.name,
      { every: job.everyMs },
      {
        name: job.name,
        data: {},
        opts: { removeOnComplete: 100, removeOnFail: 500 },
      },
    );
  }

  const worker = new Worker(
    QUEUE_NAME,
    async (job: Job) => {
      const definition = findJob(job.name);
      if (!definition) throw new Error(`No Howdah job is called ${job.name}.`);
      const payload = definition.payload.parse(job.data);
      return definition.run(context, payload);
    },
    { connection: consumer, prefix, concurrency: 2 },
  );
  worker.on("failed", (job, error) => log(`[howdah worker] ${job?.name ?? "job"} failed: ${error.message}`));
  worker.on("error", (error) => log(`[howdah worker] ${error.message}`));
  log(`[howdah worker] running ${JOBS.map((j) => j.name).join(", ")}`);

  return {
    queue,
    async close() {
      await worker.close();
      await queue.close();
      producer.disconnect();
      consumer.disconnect();
    },
  };
}
