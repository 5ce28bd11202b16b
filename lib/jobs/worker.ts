import "server-only";
import { setTimeout as sleep } from "node:timers/promises";
import { Queue, Worker, type Job } from "bullmq";
import type { Redis } from "ioredis";
import type { ServerContext } from "@/lib/server/context";
import { outageLog, type OutageLog } from "@/lib/server/outage-log";
import { isHowdahError } from "@/lib/errors";
import { isServiceFailure } from "@/lib/mastodon/service-errors";
import { quietJobLog, startJobLog } from "./job-log";
import { bullmqConnection } from "./redis-connection";
import { findJob, JOBS } from "./registry";

/**
 * Howdah's BullMQ worker: one queue under Howdah's own key prefix (never
 * among Sidekiq's keys), separate Redis connections for the producer and the
 * worker as BullMQ requires, schedules upserted on start, and a close() that
 * lets the running job finish. Each run is logged as structured lines
 * (start, progress, done or failed: job-log.ts).
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
  // Every line the worker writes is one JSON object (job-log.ts), its outage lines too.
  const lineHead = (job: string) => ({ time: new Date().toISOString(), job, id: null });
  const workerLine = (job: string, event: string, message: string) =>
    log(JSON.stringify({ ...lineHead(job), event, message }));
  const redisLog = outageLog("Howdah's Redis", (text) => workerLine("worker", "outage", text));
  const producer = connection(context, "producer", redisLog);
  const consumer = connection(context, "worker", redisLog);
  const queue = new Queue(QUEUE_NAME, { connection: producer, prefix });
  // Without a listener BullMQ prints every connection error with its stack.
  queue.on("error", (error) => redisLog.failed(error.message));

  const skipped = new Set<string>();
  const worker = new Worker(
    QUEUE_NAME,
    async (job: Job) => {
      const definition = findJob(job.name);
      if (!definition) {
        // Left in Redis by an older Howdah (status-refresh, now a timer in the web process): done, not failed.
        if (!skipped.has(job.name)) workerLine(job.name, "skipped", "this version of Howdah has no such job");
        skipped.add(job.name);
        return null;
      }
      const outage = jobOutage(job.name);
      const run = outage.down ? quietJobLog() : startJobLog(log, { name: job.name, id: job.id ?? null });
      try {
        const payload = definition.payload.parse(job.data);
        const result = await definition.run(context, payload, run.progress);
        outage.recovered();
        run.done(result);
        return result;
      } catch (error) {
        if (isServiceFailure(error) || (isHowdahError(error) && error.code === "unavailable"))
          outage.failed((error as Error).message);
        else run.failed(error);
        throw error;
      }
    },
    { connection: consumer, prefix, concurrency: 2 },
  );
  // A job failing because PostgreSQL or Redis is out fails every round until it is back:
  // one line when it starts and one when it works again, per job (its runs in between
  // are not logged); other failures each get their "failed" line.
  const jobLogs = new Map<string, OutageLog>();
  const jobOutage = (name: string) => {
    if (!jobLogs.has(name))
      jobLogs.set(
        name,
        outageLog(name, (text) => workerLine(name, "outage", text)),
      );
    return jobLogs.get(name)!;
  };
  worker.on("error", (error) => {
    if (CONNECTION_TROUBLE.test(error.message)) redisLog.failed(error.message);
    else workerLine("worker", "error", error.message);
  });

  let closed = false;
  const scheduled = keepSchedules(queue, () => closed, redisLog).then(() => {
    if (!closed)
      log(JSON.stringify({ ...lineHead("worker"), event: "ready", jobs: JOBS.map((j) => j.name).join(", ") }));
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
