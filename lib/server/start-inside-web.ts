import "server-only";
import { ConfigError } from "@/lib/config/load-config";
import { describeServiceFailure } from "@/lib/mastodon/service-errors";
import { getServerContext } from "./context";

export async function startInsideWebServer(): Promise<void> {
  let context;
  try {
    context = getServerContext();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`Howdah cannot start: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
  await context
    .store()
    .catch((error) =>
      console.error(`[howdah] store not ready yet: ${describeServiceFailure(error)}; will retry on the next request.`),
    );
  if (context.config.howdah.workerMode === "inline") {
    const { startWorker } = await import("@/lib/jobs/worker");
    const worker = await startWorker(context);
    process.once("SIGTERM", () => void worker.close());
  }
}
