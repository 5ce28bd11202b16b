import "server-only";
import { setTimeout as sleep } from "node:timers/promises";
import type pg from "pg";
import { inTransaction } from "@/lib/pg/in-transaction";
import type { Store } from "./connection";

/**
 * Advisory locks in Howdah's store that keep the storage rollups' writers
 * apart: one transaction-level lock around every rollup write (so the derived
 * tables are always updated in one order), and session-level locks so only
 * one incremental pass and one full pass run at a time, whichever process
 * (web with an inline worker, separate worker) picks the job up. A process
 * that dies loses its connection, and with it the lock.
 */
const NAMESPACE = 0x686f7764; // "howd", as the migration lock; two-key locks are a separate space
export const STORAGE_LOCKS = { write: 41, incremental: 42, pass: 43 } as const;
export type StorageLock = "incremental" | "pass";

/** Runs `run` in one store transaction holding the rollup write lock. Only lib/store's writers call this. */
export async function withStorageWrite<T>(store: Store, run: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  return inTransaction(store.pool, async (client) => {
    await client.query("SELECT pg_advisory_xact_lock($1, $2)", [NAMESPACE, STORAGE_LOCKS.write]);
    return run(client);
  });
}

/**
 * Runs `run` holding a session lock; returns null at once when another
 * process holds it, or, with `waitMs`, after waiting that long in vain.
 */
export async function withStorageLock<T>(
  store: Store,
  lock: StorageLock,
  run: () => Promise<T>,
  waitMs = 0,
): Promise<T | null> {
  const client = await store.pool.connect();
  try {
    const until = Date.now() + waitMs;
    for (;;) {
      const { rows } = await client.query<{ ok: boolean }>("SELECT pg_try_advisory_lock($1, $2) AS ok", [
        NAMESPACE,
        STORAGE_LOCKS[lock],
      ]);
      if (rows[0]?.ok) break;
      if (Date.now() >= until) return null;
      await sleep(250);
    }
    try {
      return await run();
    } finally {
      await client.query("SELECT pg_advisory_unlock($1, $2)", [NAMESPACE, STORAGE_LOCKS[lock]]).catch(() => undefined);
    }
  } finally {
    client.release();
  }
}
