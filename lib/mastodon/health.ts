import "server-only";
import type pg from "pg";
import type { Redis } from "ioredis";
import { describeServiceFailure } from "./service-errors";

/**
 * Cheap liveness probes: one round trip each, bounded by a short timeout so
 * a hung server shows as down within a second instead of hanging the page.
 */
export interface ServiceHealth {
  ok: boolean;
  latencyMs: number | null;
  /** Why it is down, in a few words; null when up. */
  problem: string | null;
}

const PROBE_TIMEOUT_MS = 1_500;

function withTimeout<T>(promise: Promise<T>): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) =>
      setTimeout(
        () => reject(Object.assign(new Error("probe timeout"), { code: "ETIMEDOUT" })),
        PROBE_TIMEOUT_MS,
      ).unref(),
    ),
  ]);
}

async function probe(run: () => Promise<unknown>): Promise<ServiceHealth> {
  const started = performance.now();
  try {
    await withTimeout(run());
    return { ok: true, latencyMs: Math.round((performance.now() - started) * 10) / 10, problem: null };
  } catch (error) {
    return { ok: false, latencyMs: null, problem: describeServiceFailure(error) };
  }
}

export function probePostgres(pool: pg.Pool): Promise<ServiceHealth> {
  return probe(() => pool.query("SELECT 1"));
}

export function probeRedis(client: Redis): Promise<ServiceHealth> {
  return probe(() => client.ping());
}
