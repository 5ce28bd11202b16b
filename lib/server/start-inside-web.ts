import "server-only";
import { ConfigError } from "@/lib/config/load-config";
import { startBackgroundWork } from "./background-work";
import { getServerContext } from "./context";

/**
 * Called by instrumentation.ts as Next starts (and Next waits for it before
 * serving): builds the context and starts the background work, which never
 * waits for PostgreSQL or Redis (background-work.ts).
 */
// Once per process: Next may call register() again (dev reloads), and a second loop would measure twice.
const started = globalThis as unknown as { __howdahBackgroundWork?: boolean };

export async function startInsideWebServer(): Promise<void> {
  // `next build` prerenders in worker processes that must not measure or hold connections open.
  if (process.env.NEXT_PHASE === "phase-production-build" || started.__howdahBackgroundWork) return;
  started.__howdahBackgroundWork = true;
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
