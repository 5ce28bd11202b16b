import "server-only";
import { setTimeout as sleep } from "node:timers/promises";
import { describeServiceFailure } from "@/lib/mastodon/service-errors";
import { getServerContext } from "@/lib/server/context";
import { outageLog } from "@/lib/server/outage-log";
import { reportStartupFailure } from "@/lib/server/startup-failure";
import { startWorker } from "./worker";

/**
 * `npm run worker`: Howdah's background jobs in their own process. A database
 * that is down at start is waited for (no crash loop under a supervisor; one
 * line when it fails, one when it answers); Redis is waited for by the worker
 * itself; a bad configuration stops it at once with one sentence.
 */
async function main() {
  const context = getServerContext();
  const storeLog = outageLog("[howdah worker] Howdah's store");
  for (let attempt = 1; ; attempt++) {
    try {
      await context.store();
      storeLog.recovered();
      break;
    } catch (error) {
      storeLog.failed(describeServiceFailure(error));
      await sleep(Math.min(30, 2 * attempt) * 1000);
    }
  }
  const worker = startWorker(context);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`[howdah worker] ${signal}: finishing the running job, then stopping`);
    await worker.close();
    await context.close();
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
}

main().catch(reportStartupFailure);
