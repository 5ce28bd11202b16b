import "server-only";
import { processSingleton } from "@/lib/shared/process-singleton";

/**
 * Whether the process's password-hashing pools are full, readable without
 * loading them: the server entry (lib/server/http-server.ts) asks before it
 * hands a sign-in to Next, and turns it away at once when they are, so a
 * flood of sign-ins costs next to nothing past the pool's capacity. One per
 * process (process-singleton.ts): the server entry and Next's bundles are separate module graphs
 * in one process.
 */
/** What a sign-in turned away for a full pool is told, wherever it is turned away. */
export const BUSY_MESSAGE = "Howdah is checking too many sign-ins at the moment. Try again in a few seconds.";

interface Saturable {
  saturated(): boolean;
}

function registry(): Set<Saturable> {
  return processSingleton("hashing-load", () => new Set<Saturable>());
}

export function registerHasher(hasher: Saturable): void {
  registry().add(hasher);
}

export function unregisterHasher(hasher: Saturable): void {
  registry().delete(hasher);
}

export function hashingSaturated(): boolean {
  for (const hasher of registry()) if (hasher.saturated()) return true;
  return false;
}
