import "server-only";
import { setTimeout as sleep } from "node:timers/promises";
import { describeServiceFailure } from "@/lib/mastodon/service-errors";
import { getServerContext } from "@/lib/server/context";
import { reportStartupFailure } from "@/lib/server/startup-failure";
import { startWorker } from "./worker";

/**
 * `npm run worker`: Howdah's background jobs in their own process. A database
 * that is down at start is waited for (no crash loop under a supervisor); a
 * bad configuration stops it at once with one sentence.
 */
async function main() {
  const context = getServerContext();
  for (let attempt = 1; ; attempt++) {
    try {
      await context.store();
      break;
    } catch (error) {
      const wait = Math.min(30, 2 * attempt);
      console.error(`[howdah worker] store not ready (${describeServiceFailure(error)}); retrying in ${wait} s`);
      await sleep(wait * 1000);
    }
  }
  const worker = await startWorker(context);
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
