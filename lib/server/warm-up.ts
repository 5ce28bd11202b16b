import "server-only";
import { warmStore } from "@/lib/store/store-info";
import type { ServerContext } from "./context";

/**
 * Run by the server entry before it listens: connections to Mastodon's
 * PostgreSQL (and replica), its Redis servers and Howdah's store are opened,
 * and the store migrated, while nobody waits, so the first request costs what
 * every later one does. Bounded in time: a service that is slow or down at
 * start delays listening by at most WARM_UP_BUDGET_MS, and pages report it.
 */
export const WARM_UP_BUDGET_MS = 5_000;

export async function warmUp(context: ServerContext, log: (line: string) => void = console.log): Promise<void> {
  const started = performance.now();
  const work = Promise.all([
    context.mastodon.warm(),
    context
      .store()
      .then((store) => warmStore(store))
      .then(
        () => [],
        () => ["Howdah store"],
      ),
  ]).then(([mastodon, store]) => [...mastodon, ...store]);
  const timeout = new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), WARM_UP_BUDGET_MS).unref());
  const outcome = await Promise.race([work, timeout]);
  const ms = Math.round(performance.now() - started);
  if (outcome === "timeout") log(`Howdah: connections still opening after ${ms} ms; listening anyway`);
  else if (outcome.length) log(`Howdah: could not reach ${outcome.join(", ")} at start (${ms} ms); pages will say so`);
}
