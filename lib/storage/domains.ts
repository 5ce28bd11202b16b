import { HowdahError } from "@/lib/errors";
import { utcDay } from "@/lib/mastodon/media/id-buckets";
import { isKnownDomain } from "@/lib/mastodon/media/known-domain";
import { DOMAIN_KINDS, type StorageKind } from "@/lib/mastodon/media/sources";
import { withService } from "@/lib/mastodon/service-errors";
import type { ServerContext } from "@/lib/server/context";
import type { Store } from "@/lib/store/connection";
import { addDays } from "./forecast-math";
import { STORAGE_RANGES, type StorageRange } from "./inputs";

/**
 * Remote servers by the bytes their accounts' files take here (attachments,
 * avatars, headers, custom emoji), with what they added in the last 7 and 30
 * days, from the per-domain rollups. Mastodon's own admin shows one server at
 * a time, attachments only.
 */
export interface DomainRow {
  domain: string;
  bytes: number;
  byKind: Partial<Record<StorageKind, number>>;
  files: number;
  evicted: number;
  added7d: number;
  added30d: number;
}

type Raw = { domain: string; bytes: string; files: string; evicted: string; by_kind: Record<string, string | number> };

function toRow(r: Raw, growth: Map<string, { a7: number; a30: number }>): DomainRow {
  return {
    domain: r.domain,
    bytes: Number(r.bytes),
    byKind: Object.fromEntries(Object.entries(r.by_kind).map(([k, v]) => [k, Number(v)])),
    files: Number(r.files),
    evicted: Number(r.evicted),
    added7d: growth.get(r.domain)?.a7 ?? 0,
    added30d: growth.get(r.domain)?.a30 ?? 0,
  };
}

async function readGrowth(store: Store, domains: string[], today: string) {
  const { rows } = await store.pool.query<{ domain: string; a7: string; a30: string }>(
    `SELECT domain, COALESCE(sum(added_bytes) FILTER (WHERE day > $2::date - 7), 0)::text AS a7, COALESCE(sum(added_bytes), 0)::text AS a30
       FROM howdah.storage_domain_days WHERE domain = ANY($1::text[]) AND day > $2::date - 30 AND day <= $2::date GROUP BY domain`,
    [domains, today],
  );
  return new Map(rows.map((r) => [r.domain, { a7: Number(r.a7), a30: Number(r.a30) }]));
}

const SELECT_DOMAIN = `SELECT domain, sum(bytes)::text AS bytes, sum(files)::text AS files, sum(evicted)::text AS evicted,
       jsonb_object_agg(kind, bytes) AS by_kind FROM howdah.storage_domain_totals`;

export async function readTopDomains(store: Store, today: string, limit: number): Promise<DomainRow[]> {
  const { rows } = await store.pool.query<Raw>(
    `${SELECT_DOMAIN} GROUP BY domain HAVING sum(bytes) > 0 ORDER BY sum(bytes) DESC, domain LIMIT $1`,
    [limit],
  );
  const growth = await readGrowth(
    store,
    rows.map((r) => r.domain),
    today,
  );
  return rows.map((r) => toRow(r, growth));
}

export interface DomainStorage {
  domain: string;
  today: string;
  range: StorageRange;
  /** False when Mastodon knows the server but none of its files are stored here. */
  hasMedia: boolean;
  totals: DomainRow;
  kinds: { kind: StorageKind; bytes: number; files: number; evicted: number }[];
  /** 1 = the server whose files take the most space here. */
  rank: number | null;
  days: { day: string; added: number; held: number }[];
}

export async function getDomainStorage(
  context: ServerContext,
  domain: string,
  range: StorageRange,
  now = new Date(),
): Promise<DomainStorage> {
  const store = await context.store();
  const today = utcDay(now);
  const from = addDays(today, -(STORAGE_RANGES[range] - 1));
  const [{ rows: kindRows }, { rows: dayRows }] = await Promise.all([
    store.pool.query<{ kind: StorageKind; bytes: string; files: string; evicted: string }>(
      "SELECT kind, bytes::text, files::text, evicted::text FROM howdah.storage_domain_totals WHERE domain = $1",
      [domain],
    ),
    store.pool.query<{ day: string; added: string; bytes: string }>(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day, added_bytes::text AS added, bytes::text FROM howdah.storage_domain_days
        WHERE domain = $1 AND day >= $2::date ORDER BY day`,
      [domain, from],
    ),
  ]);
  if (kindRows.length === 0 && !(await withService("PostgreSQL", () => isKnownDomain(context.mastodon.db, domain)))) {
    throw new HowdahError(
      "not_found",
      `Mastodon knows no server called ${domain}: no account, block or allow has that domain.`,
    );
  }
  const kinds = DOMAIN_KINDS.map((kind) => {
    const r = kindRows.find((k) => k.kind === kind);
    return { kind, bytes: Number(r?.bytes ?? 0), files: Number(r?.files ?? 0), evicted: Number(r?.evicted ?? 0) };
  });
  const bytes = kinds.reduce((a, k) => a + k.bytes, 0);
  const growth = await readGrowth(store, [domain], today);
  const { rows: rank } = await store.pool.query<{ n: string }>(
    "SELECT count(*)::text AS n FROM (SELECT 1 FROM howdah.storage_domain_totals GROUP BY domain HAVING sum(bytes) > $1) t",
    [bytes],
  );
  const byDay = new Map(dayRows.map((d) => [d.day, d]));
  const days = Array.from({ length: STORAGE_RANGES[range] }, (_, i) => {
    const day = addDays(from, i);
    const d = byDay.get(day);
    return { day, added: Number(d?.added ?? 0), held: Number(d?.bytes ?? 0) };
  });
  return {
    domain,
    today,
    range,
    hasMedia: kindRows.some((k) => Number(k.files) > 0 || Number(k.evicted) > 0 || Number(k.bytes) > 0),
    totals: {
      domain,
      bytes,
      byKind: Object.fromEntries(kinds.map((k) => [k.kind, k.bytes])),
      files: kinds.reduce((a, k) => a + k.files, 0),
      evicted: kinds.reduce((a, k) => a + k.evicted, 0),
      added7d: growth.get(domain)?.a7 ?? 0,
      added30d: growth.get(domain)?.a30 ?? 0,
    },
    kinds,
    rank: bytes > 0 ? Number(rank[0]!.n) + 1 : null,
    days,
  };
}
