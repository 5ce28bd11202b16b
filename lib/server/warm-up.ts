import "server-only";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { warmStore } from "@/lib/store/store-info";
import type { ServerContext } from "./context";

/**
 * Run by the server entry before it listens, so the first request costs what
 * every later one does (measured on the e2e instance: the first sign-in page
 * took 1.7 s and the first overview 0.3 s against 60 and 40 ms after):
 * - warmUp: connections to Mastodon's PostgreSQL (and replica), its Redis
 *   servers and Howdah's store are opened and the store migrated. Bounded in
 *   time: a service that is slow or down at start delays listening by at most
 *   WARM_UP_BUDGET_MS, and pages report it.
 * - warmRoutes: a few requests through the real request listener on a
 *   loopback port of its own, so Next loads and runs the code every page
 *   shares (React's server renderer, the root layout, next-auth, the API
 *   wrapper) before anyone waits for it.
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

/** Signed-out requests: they load the shared code without touching anyone's data. */
export const WARM_PATHS = ["/sign-in", "/api/auth/session", "/api/auth/csrf", "/api/overview"] as const;

export async function warmRoutes(listener: http.RequestListener): Promise<void> {
  const server = http.createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  try {
    for (const path of WARM_PATHS) {
      const response = await fetch(`http://127.0.0.1:${port}${path}`, {
        redirect: "manual",
        signal: AbortSignal.timeout(WARM_UP_BUDGET_MS),
      }).catch(() => null);
      await response?.arrayBuffer().catch(() => undefined);
    }
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
