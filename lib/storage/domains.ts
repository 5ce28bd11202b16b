import "server-only";
import { HowdahError } from "@/lib/errors";
import { utcDay } from "@/lib/mastodon/media/id-buckets";
import type { ServerContext } from "@/lib/server/context";
import { DOMAIN_KINDS, type StorageKind } from "@/lib/shared/media-kinds";
import type { Store } from "@/lib/store/connection";
import {
  countDomainsAbove,
  readDomainDays,
  readDomainGrowth,
  readDomainKinds,
  readTopDomainTotals,
  type DomainTotalsRow,
} from "@/lib/store/storage-domains";
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

function toRow(r: DomainTotalsRow, growth: Map<string, { a7: number; a30: number }>): DomainRow {
  return {
    domain: r.domain,
    bytes: r.bytes,
    byKind: r.byKind,
    files: r.files,
    evicted: r.evicted,
    added7d: growth.get(r.domain)?.a7 ?? 0,
    added30d: growth.get(r.domain)?.a30 ?? 0,
  };
}

export async function readTopDomains(store: Store, today: string, limit: number): Promise<DomainRow[]> {
  const rows = await readTopDomainTotals(store, limit);
  const growth = await readDomainGrowth(
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
  const [kindRows, dayRows] = await Promise.all([readDomainKinds(store, domain), readDomainDays(store, domain, from)]);
  if (kindRows.length === 0 && !(await context.mastodon.media.isKnownDomain(domain))) {
    throw new HowdahError(
      "not_found",
      `Mastodon knows no server called ${domain}: no account, block or allow has that domain.`,
    );
  }
  const kinds = DOMAIN_KINDS.map((kind) => {
    const r = kindRows.find((k) => k.kind === kind);
    return { kind, bytes: r?.bytes ?? 0, files: r?.files ?? 0, evicted: r?.evicted ?? 0 };
  });
  const bytes = kinds.reduce((a, k) => a + k.bytes, 0);
  const growth = await readDomainGrowth(store, [domain], today);
  const above = bytes > 0 ? await countDomainsAbove(store, bytes) : 0;
  const byDay = new Map(dayRows.map((d) => [d.day, d]));
  const days = Array.from({ length: STORAGE_RANGES[range] }, (_, i) => {
    const day = addDays(from, i);
    const d = byDay.get(day);
    return { day, added: d?.added ?? 0, held: d?.bytes ?? 0 };
  });
  return {
    domain,
    today,
    range,
    hasMedia: kindRows.some((k) => k.files > 0 || k.evicted > 0 || k.bytes > 0),
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
    rank: bytes > 0 ? above + 1 : null,
    days,
  };
}
