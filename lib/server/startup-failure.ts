import "server-only";
import { ConfigError } from "@/lib/config/load-config";
import { describeServiceFailure, isServiceFailure } from "@/lib/mastodon/service-errors";

/**
 * What a process prints when it cannot start: one sentence for a bad
 * configuration (naming the variable) and no stack trace.
 */
export function reportStartupFailure(error: unknown): never {
  if (error instanceof ConfigError) {
    console.error(`Howdah cannot start: ${error.message}`);
  } else if (isServiceFailure(error)) {
    console.error(`Howdah cannot start: ${describeServiceFailure(error)}.`);
  } else {
    console.error("Howdah cannot start:", error instanceof Error ? error.message : error);
  }
  process.exit(1);
}
