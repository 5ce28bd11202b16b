import "server-only";
import type { StorageKind } from "@/lib/shared/media-kinds";
import type { Store } from "./connection";

/**
 * Reads of the per-domain storage rollups (howdah.storage_domain_totals,
 * storage_domain_ranking and storage_domain_days): what each remote server's
 * accounts' files take here.
 */
export interface DomainTotalsRow {
  domain: string;
  bytes: number;
  files: number;
  evicted: number;
  byKind: Partial<Record<StorageKind, number>>;
}

type Raw = { domain: string; bytes: string; files: string; evicted: string; by_kind: Record<string, string | number> };

/**
 * The `limit` servers whose files take the most bytes, largest first: read
 * from the ranking the rollups keep (howdah.storage_domain_ranking, one row a
 * domain, indexed by size), with the kinds of those few servers alone.
 */
export async function readTopDomainTotals(store: Store, limit: number): Promise<DomainTotalsRow[]> {
  const { rows } = await store.pool.query<Raw>(
    `SELECT r.domain, r.bytes::text AS bytes, r.files::text AS files, r.evicted::text AS evicted,
            (SELECT jsonb_object_agg(t.kind, t.bytes) FROM howdah.storage_domain_totals t WHERE t.domain = r.domain)
              AS by_kind
       FROM (SELECT * FROM howdah.storage_domain_ranking WHERE bytes > 0 ORDER BY bytes DESC, domain LIMIT $1) r
      ORDER BY r.bytes DESC, r.domain`,
    [limit],
  );
  return rows.map((r) => ({
    domain: r.domain,
    bytes: Number(r.bytes),
    files: Number(r.files),
    evicted: Number(r.evicted),
    byKind: Object.fromEntries(Object.entries(r.by_kind ?? {}).map(([k, v]) => [k, Number(v)])),
  }));
}

/** Bytes added by each domain in the 7 and 30 days up to `today`. */
export async function readDomainGrowth(
  store: Store,
  domains: string[],
  today: string,
): Promise<Map<string, { a7: number; a30: number }>> {
  const { rows } = await store.pool.query<{ domain: string; a7: string; a30: string }>(
    `SELECT domain, COALESCE(sum(added_bytes) FILTER (WHERE day > $2::date - 7), 0)::text AS a7,
            COALESCE(sum(added_bytes), 0)::text AS a30
       FROM howdah.storage_domain_days
      WHERE domain = ANY($1::text[]) AND day > $2::date - 30 AND day <= $2::date GROUP BY domain`,
    [domains, today],
  );
  return new Map(rows.map((r) => [r.domain, { a7: Number(r.a7), a30: Number(r.a30) }]));
}

export interface DomainKindRow {
  kind: StorageKind;
  bytes: number;
  files: number;
  evicted: number;
}

/** One domain's stored totals by kind (no rows: nothing of it was ever counted). */
export async function readDomainKinds(store: Store, domain: string): Promise<DomainKindRow[]> {
  const { rows } = await store.pool.query<{ kind: StorageKind; bytes: string; files: string; evicted: string }>(
    "SELECT kind, bytes::text, files::text, evicted::text FROM howdah.storage_domain_totals WHERE domain = $1",
    [domain],
  );
  return rows.map((r) => ({
    kind: r.kind,
    bytes: Number(r.bytes),
    files: Number(r.files),
    evicted: Number(r.evicted),
  }));
}

/** One domain's days from `fromDay` on: bytes added that day and held at its end. */
export async function readDomainDays(
  store: Store,
  domain: string,
  fromDay: string,
): Promise<{ day: string; added: number; bytes: number }[]> {
  const { rows } = await store.pool.query<{ day: string; added: string; bytes: string }>(
    `SELECT to_char(day, 'YYYY-MM-DD') AS day, added_bytes::text AS added, bytes::text FROM howdah.storage_domain_days
      WHERE domain = $1 AND day >= $2::date ORDER BY day`,
    [domain, fromDay],
  );
  return rows.map((r) => ({ day: r.day, added: Number(r.added), bytes: Number(r.bytes) }));
}

/** How many domains hold more than `bytes` here (a domain's rank is this + 1). */
export async function countDomainsAbove(store: Store, bytes: number): Promise<number> {
  const { rows } = await store.pool.query<{ n: string }>(
    "SELECT count(*)::text AS n FROM howdah.storage_domain_ranking WHERE bytes > $1",
    [bytes],
  );
  return Number(rows[0]!.n);
}
