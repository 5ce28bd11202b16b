import "server-only";
import { setTimeout as sleep } from "node:timers/promises";
import { Queue, Worker, type Job } from "bullmq";
import type { Redis } from "ioredis";
import type { ServerContext } from "@/lib/server/context";
import { outageLog, type OutageLog } from "@/lib/server/outage-log";
import { isHowdahError } from "@/lib/errors";
import { isServiceFailure } from "@/lib/mastodon/service-errors";
import { bullmqConnection } from "./redis-connection";
import { findJob, JOBS } from "./registry";

/**
 * Howdah's BullMQ worker: one queue under Howdah's own key prefix (never
 * among Sidekiq's keys), separate Redis connections for the producer and the
 * worker as BullMQ requires, schedules upserted on start, and a close() that
 * lets the running job finish.
 *
 * Starting never waits for Redis: the worker and queue are built at once and
 * pick up work when Redis answers, and the schedules are written in the
 * background, retried until they are. So the web server with an inline
 * worker starts and serves while Redis is down, and catches up when it
 * returns. A Redis outage is logged once when it starts and once when it
 * ends, not at every reconnection attempt.
 */
export const QUEUE_NAME = "howdah";
const CLOSE_WAIT_MS = 10_000;
const SCHEDULE_RETRY_MAX_MS = 30_000;

export interface RunningWorker {
  queue: Queue;
  /** Resolves once every schedule is in Redis (never rejects; retried until then). */
  scheduled: Promise<void>;
  close(): Promise<void>;
}

/** Connection failures, as ioredis and BullMQ word them; anything else is worth a line of its own. */
const CONNECTION_TROUBLE = /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENOTFOUND|EPIPE|Connection is closed/i;

function connection(context: ServerContext, role: string, redisLog: OutageLog): Redis {
  const client = bullmqConnection(context, role);
  client.on("error", (error: Error) => redisLog.failed(error.message));
  client.on("ready", () => redisLog.recovered());
  return client;
}

/**
 * Writes each job's schedule, and removes schedules of jobs Howdah no longer
 * runs (status-refresh moved to the web process's own timer), retrying with
 * a growing pause until it succeeds or the worker closes.
 */
async function keepSchedules(queue: Queue, closed: () => boolean, redisLog: OutageLog): Promise<void> {
  for (let attempt = 1; !closed(); attempt++) {
    try {
      for (const job of JOBS) {
        if (!job.everyMs) continue;
        await queue.upsertJobScheduler(
          job.name,
          { every: job.everyMs },
          { name: job.name, data: {}, opts: { removeOnComplete: 100, removeOnFail: 500 } },
        );
      }
      const known = new Set(JOBS.filter((j) => j.everyMs).map((j) => j.name));
      for (const scheduler of await queue.getJobSchedulers()) {
        if (!known.has(scheduler.key)) await queue.removeJobScheduler(scheduler.key);
      }
      return;
    } catch (error) {
      if (closed()) return;
      redisLog.failed(`schedules not written yet (${(error as Error).message})`);
      await sleep(Math.min(SCHEDULE_RETRY_MAX_MS, 1_000 * 2 ** Math.min(attempt, 5)), undefined, { ref: false });
    }
  }
}

export function startWorker(context: ServerContext, log: (line: string) => void = console.log): RunningWorker {
  const prefix = context.config.howdah.redisPrefix;
  const redisLog = outageLog("[howdah worker] Howdah's Redis", log);
  const producer = connection(context, "producer", redisLog);
  const consumer = connection(context, "worker", redisLog);
  const queue = new Queue(QUEUE_NAME, { connection: producer, prefix });
  // Without a listener BullMQ prints every connection error with its stack.
  queue.on("error", (error) => redisLog.failed(error.message));

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
  // A job failing because PostgreSQL or Redis is out fails every round until it is back:
  // one line when it starts and one when it works again, per job; other failures each get theirs.
  const jobLogs = new Map<string, OutageLog>();
  const jobLog = (name: string) => {
    if (!jobLogs.has(name)) jobLogs.set(name, outageLog(`[howdah worker] ${name}`, log));
    return jobLogs.get(name)!;
  };
  worker.on("failed", (job, error) => {
    const name = job?.name ?? "job";
    if (isServiceFailure(error) || (isHowdahError(error) && error.code === "unavailable"))
      jobLog(name).failed(error.message);
    else log(`[howdah worker] ${name} failed: ${error.message}`);
  });
  worker.on("completed", (job) => jobLogs.get(job.name)?.recovered());
  worker.on("error", (error) => {
    if (CONNECTION_TROUBLE.test(error.message)) redisLog.failed(error.message);
    else log(`[howdah worker] ${error.message}`);
  });

  let closed = false;
  const scheduled = keepSchedules(queue, () => closed, redisLog).then(() => {
    if (!closed) log(`[howdah worker] running ${JOBS.map((j) => j.name).join(", ")}`);
  });

  return {
    queue,
    scheduled,
    async close() {
      closed = true;
      // With Redis down there is no running job to finish and nothing to tell Redis:
      // dropping the connections first lets BullMQ's close end at once.
      if (redisLog.down) {
        producer.disconnect();
        consumer.disconnect();
      }
      // A worker that cannot reach Redis may still not finish closing; after a while, let go.
      let giveUp: NodeJS.Timeout | undefined;
      const deadline = new Promise<void>((resolve) => (giveUp = setTimeout(resolve, CLOSE_WAIT_MS)));
      const closing = Promise.all([worker.close(redisLog.down), queue.close()]).catch(() => undefined);
      await Promise.race([closing, deadline]);
      clearTimeout(giveUp);
      producer.disconnect();
      consumer.disconnect();
    },
  };
}
