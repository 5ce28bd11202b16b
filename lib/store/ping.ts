import "server-only";
import type { Store } from "./connection";

/** One round trip to the store's PostgreSQL: resolves when it answers now. */
export async function pingStore(store: Store): Promise<void> {
  await store.pool.query("SELECT 1");
}
