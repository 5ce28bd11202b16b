import "server-only";
import type { Store } from "./connection";

/**
 * The published status snapshot: one row in Howdah's store
 * (howdah.status_snapshot), shared by every Howdah process. A write never
 * replaces a newer snapshot with an older one.
 */
export async function saveStatusSnapshot(store: Store, publishedAt: Date, body: string): Promise<void> {
  await store.pool.query(
    `INSERT INTO howdah.status_snapshot (id, published_at, body) VALUES (true, $1, $2)
     ON CONFLICT (id) DO UPDATE SET published_at = excluded.published_at, body = excluded.body
      WHERE howdah.status_snapshot.published_at <= excluded.published_at`,
    [publishedAt, body],
  );
}

/** The stored snapshot's parsed body, unchecked; undefined when none was published. */
export async function readStatusSnapshot(store: Store): Promise<unknown> {
  const { rows } = await store.pool.query<{ body: unknown }>("SELECT body FROM howdah.status_snapshot WHERE id");
  return rows[0]?.body;
}
