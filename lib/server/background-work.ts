import "server-only";
import { describeServiceFailure } from "@/lib/mastodon/service-errors";
import { startStatusLoop } from "@/lib/status/refresh-loop";
import type { ServerContext } from "./context";
import { outageLog } from "./outage-log";

/**
 * What a web process runs beside its requests, started without waiting for
 * anything, so it starts and serves while PostgreSQL or Redis is down:
 * - the store's migrations, tried now and again by the next caller of
 *   context.store() (the status round asks every 30 s) until they apply;
 * - the status page's round on its own timer, in every worker mode: it needs
 *   neither Redis nor PostgreSQL, so an outage of either reaches the page;
 * - with HOWDAH_WORKER_MODE=inline, the BullMQ worker, which picks up its
 *   schedules and jobs whenever Redis answers.
 */
export interface BackgroundWork {
  stop(): Promise<void>;
}

export interface BackgroundWorkOptions {
  statusIntervalMs?: number;
  log?: (line: string) => void;
}

export async function startBackgroundWork(
  context: ServerContext,
  options: BackgroundWorkOptions = {},
): Promise<BackgroundWork> {
  const log = options.log ?? console.error;
  const storeLog = outageLog("[howdah] Howdah's store", log);
  context.store().then(
    () => storeLog.recovered(),
    (error: unknown) => storeLog.failed(`${describeServiceFailure(error)}; migrations apply once it answers`),
  );
  const intervalMs = options.statusIntervalMs ?? context.config.howdah.status.intervalMs;
  const status = startStatusLoop(context, { intervalMs, log });
  // Loaded only when it runs here: BullMQ is not needed by a web process with a separate worker.
  const worker =
    context.config.howdah.workerMode === "inline"
      ? (await import("@/lib/jobs/worker")).startWorker(context, log)
      : null;
  return {
    async stop() {
      await Promise.all([status.stop(), worker?.close()]);
    },
  };
}
