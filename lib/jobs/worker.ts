import "server-only";
import { Queue, Worker, type Job } from "bullmq";
import { Redis } from "ioredis";
import { ioredisOptions } from "@/lib/config/to-clients";
import type { ServerContext } from "@/lib/server/context";
import { startJobLog } from "./job-log";
import { findJob, JOBS } from "./registry";

/**
 * Howdah's BullMQ worker: one queue under Howdah's own key prefix (never
 * among Sidekiq's keys), separate Redis connections for the producer and the
 * worker as BullMQ requires, schedules upserted on start, and a close() that
 * lets the running job finish. Each run is logged as structured lines
 * (start, progress, done or failed: job-log.ts).
 */
export const QUEUE_NAME = "howdah";

export interface RunningWorker {
  queue: Queue;
  close(): Promise<void>;
}

function connection(context: ServerContext, role: string): Redis {
  // BullMQ's blocking commands need maxRetriesPerRequest: null.
  const client = new Redis({
    ...ioredisOptions(context.config.howdah.redis),
    maxRetriesPerRequest: null,
    connectionName: `howdah-bullmq-${role}`,
  });
  client.on("error", () => undefined);
  return client;
}

export async function startWorker(
  context: ServerContext,
  log: (line: string) => void = console.log,
): Promise<RunningWorker> {
  const prefix = context.config.howdah.redisPrefix;
  const producer = connection(context, "producer");
  const consumer = connection(context, "worker");
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
      const run = startJobLog(log, { name: job.name, id: job.id ?? null });
      try {
        const definition = findJob(job.name);
        if (!definition) throw new Error(`No Howdah job is called ${job.name}.`);
        const payload = definition.payload.parse(job.data);
        const result = await definition.run(context, payload, run.progress);
        run.done(result);
        return result;
      } catch (error) {
        run.failed(error);
        throw error;
      }
    },
    { connection: consumer, prefix, concurrency: 2 },
  );
  // The worker's own events, in the same one-JSON-object-per-line shape as the jobs' (job-log.ts).
  const workerLine = (event: string, extra: Record<string, string>) =>
    log(JSON.stringify({ time: new Date().toISOString(), job: "worker", id: null, event, ...extra }));
  worker.on("error", (error) => workerLine("error", { error: error.message }));
  workerLine("ready", { jobs: JOBS.map((j) => j.name).join(", ") });

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
