import "server-only";
import type { Store } from "./connection";

/**
 * The dossier's counts of the busiest remote servers (migration 0018), as
 * the worker counted them: one row a domain, the counts as the gateway read
 * them (jsonb, shaped and checked by lib/federation/domain-counts.ts), when
 * they were counted and how long counting took.
 */
export interface DomainCountsRow {
  counts: unknown;
  countedAt: Date;
  tookMs: number;
}

export async function readDomainCounts(store: Store, domain: string): Promise<DomainCountsRow | null> {
  const { rows } = await store.pool.query<{ counts: unknown; counted_at: Date; took_ms: number }>(
    "SELECT counts, counted_at, took_ms FROM howdah.domain_counts WHERE domain = $1",
    [domain],
  );
  const row = rows[0];
  return row ? { counts: row.counts, countedAt: row.counted_at, tookMs: row.took_ms } : null;
}

export async function writeDomainCounts(
  store: Store,
  domain: string,
  row: { counts: unknown; countedAt: Date; tookMs: number },
): Promise<void> {
  await store.pool.query(
    `INSERT INTO howdah.domain_counts (domain, counts, counted_at, took_ms) VALUES ($1, $2::jsonb, $3, $4)
     ON CONFLICT (domain) DO UPDATE SET counts = EXCLUDED.counts, counted_at = EXCLUDED.counted_at,
       took_ms = EXCLUDED.took_ms`,
    [domain, JSON.stringify(row.counts), row.countedAt, Math.round(row.tookMs)],
  );
}

/** Drops the rows of servers no longer among the large ones (they are counted live again). */
export async function pruneDomainCounts(store: Store, keep: string[]): Promise<number> {
  const { rowCount } = await store.pool.query("DELETE FROM howdah.domain_counts WHERE NOT (domain = ANY($1::text[]))", [
    keep,
  ]);
  return rowCount ?? 0;
}
