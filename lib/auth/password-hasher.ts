import "server-only";
import { processSingleton } from "@/lib/shared/process-singleton";
import path from "node:path";
import { Piscina } from "piscina";
import { registerHasher, unregisterHasher } from "./hashing-load";

/**
 * bcrypt comparisons on a small pool of worker threads (piscina), so a flood
 * of sign-ins costs at most `threads` cores and never blocks the event loop
 * that answers /status and staff pages. At most `threads + queue` checks are
 * admitted at once; past that a sign-in is turned away as busy before it
 * touches the database (and, through hashing-load.ts, before Next sees it).
 */
export interface HashingSettings {
  /** Worker threads hashing at once. */
  threads: number;
  /** Checks waiting for a thread; more are refused. */
  queue: number;
}

export interface PasswordHasher {
  /** Whether a check asked for now would be refused. */
  saturated(): boolean;
  /** True or false, or "busy" when the pool is full. */
  compare(password: string, hash: string): Promise<boolean | "busy">;
  close(): Promise<void>;
}

// Resolved from the working directory, as Howdah always runs from its checkout
// (Next's bundles do not keep this file's own location).
const WORKER = path.resolve(/* turbopackIgnore: true */ process.cwd(), "lib/auth/password-worker.mjs");

export function createPasswordHasher(settings: HashingSettings): PasswordHasher {
  const pool = new Piscina({
    filename: WORKER,
    minThreads: 0,
    maxThreads: settings.threads,
    maxQueue: settings.queue,
    // Threads start on the first sign-in and leave after 10 quiet seconds: an idle Howdah holds none, and
    // the memory a burst of sign-ins took (a V8 isolate per thread) is given back well within a minute.
    idleTimeout: 10_000,
  });
  let admitted = 0;
  const capacity = settings.threads + settings.queue;
  return {
    saturated: () => admitted >= capacity,
    async compare(password, hash) {
      if (admitted >= capacity) return "busy";
      admitted++;
      try {
        return (await pool.run({ password, hash })) === true;
      } finally {
        admitted--;
      }
    },
    close: () => pool.destroy(),
  };
}

// One per process (process-singleton.ts): a pool per Next bundle would multiply the threads and their memory.
const shared = processSingleton("password-hashers", () => new Map<string, PasswordHasher>());

/** The process's one hasher for these settings (sign-in builds its dependencies per request). */
export function passwordHasher(settings: HashingSettings): PasswordHasher {
  const key = `${settings.threads}/${settings.queue}`;
  let hasher = shared.get(key);
  if (!hasher) {
    const created = createPasswordHasher(settings);
    registerHasher(created);
    hasher = {
      ...created,
      close: async () => {
        unregisterHasher(created);
        shared.delete(key);
        await created.close();
      },
    };
    shared.set(key, hasher);
  }
  return hasher;
}
