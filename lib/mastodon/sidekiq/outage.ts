import "server-only";
import { HowdahError } from "@/lib/errors";
import { withService } from "../service-errors";

/**
 * Runs Redis work against Sidekiq's Redis, turning an outage into a 503 that
 * names it. ioredis gives up on a command after one reconnect attempt with a
 * MaxRetriesPerRequestError, which carries no network code; it is an outage too.
 */
export async function withSidekiq<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await withService("Sidekiq Redis", run);
  } catch (error) {
    if ((error as Error)?.name === "MaxRetriesPerRequestError") {
      throw new HowdahError(
        "unavailable",
        "Sidekiq Redis is unavailable: it did not answer, even after reconnecting.",
        { service: "Sidekiq Redis" },
      );
    }
    throw error;
  }
}
