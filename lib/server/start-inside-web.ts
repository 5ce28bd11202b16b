import "server-only";
import { ConfigError } from "@/lib/config/load-config";
import { startBackgroundWork } from "./background-work";
import { getServerContext } from "./context";

/**
 * Called by instrumentation.ts as Next starts (and Next waits for it before
 * serving): builds the context and starts the background work, which never
 * waits for PostgreSQL or Redis (background-work.ts).
 */
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
  const work = await startBackgroundWork(context);
  process.once("SIGTERM", () => void work.stop());
}
