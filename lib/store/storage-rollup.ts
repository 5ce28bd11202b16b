import "server-only";
import type pg from "pg";
import type { CountedRow } from "@/lib/mastodon/media/sources";
import { DOMAIN_KINDS, type StorageKind } from "@/lib/shared/media-kinds";
import type { Store } from "./connection";
import { withStorageWrite } from "./storage-locks";
import { writeSourceState, type SourceStatePatch } from "./storage-sources";

/**
 * Writes to the storage rollups. Every change is expressed as a delta per
 * rollup key, applied in one statement each to storage_rollup and to the
 * derived tables pages read (totals, day totals, per-domain totals and days),
 * so they can never disagree, each in one transaction holding the write lock.
 *
 * - addNewCounts: rows counted for the first time (the incremental pass); their
 *   bytes are also what was added.
 * - replaceCountedBuckets: a fresh count of a whole bucket range (the reconcile);
 *   keys that vanished drop to zero, and added_bytes keeps the most ever seen,
 *   because Mastodon clears the size of media it evicts.
 */
const KEY = "kind, bucket, day, origin, domain";

async function stage(client: pg.PoolClient, rows: CountedRow[]): Promise<void> {
  await client.query(`CREATE TEMP TABLE IF NOT EXISTS storage_fresh (
      kind text, bucket int, day date, origin text, domain text, bytes bigint, files bigint, evicted bigint)
      ON COMMIT DROP`);
  await client.query("TRUNCATE storage_fresh");
  // In slices: one bind message per 20,000 rows keeps each statement small.
  for (let i = 0; i < rows.length; i += 20_000) {
    const slice = rows.slice(i, i + 20_000);
    await client.query(
      `INSERT INTO storage_fresh SELECT * FROM unnest($1::text[], $2::int[], $3::date[], $4::text[], $5::text[],
         $6::bigint[], $7::bigint[], $8::bigint[])`,
      [
        slice.map((r) => r.kind),
        slice.map((r) => r.bucket),
        slice.map((r) => r.day),
        slice.map((r) => r.origin),
        slice.map((r) => r.domain),
        slice.map((r) => r.bytes),
        slice.map((r) => r.files),
        slice.map((r) => r.evicted),
      ],
    );
  }
}

async function createDelta(client: pg.PoolClient, sql: string, params: unknown[] = []): Promise<void> {
  await client.query("DROP TABLE IF EXISTS storage_delta");
  await client.query(`CREATE TEMP TABLE storage_delta ON COMMIT DROP AS ${sql}`, params);
  await client.query("DELETE FROM storage_delta WHERE d_bytes = 0 AND d_files = 0 AND d_evicted = 0 AND d_added = 0");
}

async function applyDelta(client: pg.PoolClient): Promise<void> {
  const add = (table: string, cols: string[]) => cols.map((c) => `${c} = ${table}.${c} + EXCLUDED.${c}`).join(", ");
  const all = ["bytes", "files", "evicted", "added_bytes"];
  const sums = "sum(d_bytes), sum(d_files), sum(d_evicted), sum(d_added)";
  await client.query(`
    INSERT INTO howdah.storage_rollup AS r (${KEY}, bytes, files, evicted, added_bytes)
    SELECT ${KEY}, d_bytes, d_files, d_evicted, d_added FROM storage_delta ORDER BY ${KEY}
    ON CONFLICT (${KEY}) DO UPDATE SET ${add("r", all)}`);
  // Stored figures are never negative, so only a key whose delta takes something away can end at zero: the
  // incremental pass only adds, and no longer probes every key it touched (a tenth of its write on the bench).
  await client.query(`
    DELETE FROM howdah.storage_rollup r USING storage_delta d
     WHERE (d.d_bytes < 0 OR d.d_files < 0 OR d.d_evicted < 0 OR d.d_added < 0)
       AND (r.kind, r.bucket, r.day, r.origin, r.domain) = (d.kind, d.bucket, d.day, d.origin, d.domain)
       AND r.bytes = 0 AND r.files = 0 AND r.evicted = 0 AND r.added_bytes = 0`);
  await client.query(`
    INSERT INTO howdah.storage_totals AS t (kind, origin, bytes, files, evicted, added_bytes)
    SELECT kind, origin, ${sums} FROM storage_delta GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT (kind, origin) DO UPDATE SET ${add("t", all)}`);
  await client.query(`
    INSERT INTO howdah.storage_day_totals AS t (day, kind, origin, bytes, files, evicted, added_bytes)
    SELECT day, kind, origin, ${sums} FROM storage_delta GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
    ON CONFLICT (day, kind, origin) DO UPDATE SET ${add("t", all)}`);
  const remote = `origin = 'remote' AND domain <> '' AND kind = ANY($1::text[])`;
  await client.query(
    `INSERT INTO howdah.storage_domain_totals AS t (domain, kind, bytes, files, evicted, added_bytes)
     SELECT domain, kind, ${sums} FROM storage_delta WHERE ${remote} GROUP BY 1, 2 ORDER BY 1, 2
     ON CONFLICT (domain, kind) DO UPDATE SET ${add("t", all)}`,
    [DOMAIN_KINDS],
  );
  // The ranking: the same deltas summed over kinds, so it always equals a GROUP BY of storage_domain_totals.
  await client.query(
    `INSERT INTO howdah.storage_domain_ranking AS t (domain, bytes, files, evicted)
     SELECT domain, sum(d_bytes), sum(d_files), sum(d_evicted) FROM storage_delta WHERE ${remote}
      GROUP BY 1 ORDER BY 1
     ON CONFLICT (domain) DO UPDATE SET ${add("t", ["bytes", "files", "evicted"])}`,
    [DOMAIN_KINDS],
  );
  await client.query(
    `INSERT INTO howdah.storage_domain_days AS t (domain, day, bytes, added_bytes)
     SELECT domain, day, sum(d_bytes), sum(d_added) FROM storage_delta WHERE ${remote}
      GROUP BY 1, 2 ORDER BY 1, 2
     ON CONFLICT (domain, day) DO UPDATE SET ${add("t", ["bytes", "added_bytes"])}`,
    [DOMAIN_KINDS],
  );
}

async function addCounts(client: pg.PoolClient, rows: CountedRow[]): Promise<void> {
  if (rows.length === 0) return;
  await stage(client, rows);
  await createDelta(
    client,
    `SELECT ${KEY}, sum(bytes) AS d_bytes, sum(files) AS d_files, sum(evicted) AS d_evicted, sum(bytes) AS d_added
       FROM storage_fresh GROUP BY ${KEY}`,
  );
  await applyDelta(client);
}

async function replaceBuckets(
  client: pg.PoolClient,
  kinds: StorageKind[],
  fromBucket: number,
  toBucket: number,
  rows: CountedRow[],
): Promise<{ freedBytes: number }> {
  await stage(client, rows);
  await createDelta(
    client,
    `WITH f AS (SELECT ${KEY}, sum(bytes) AS bytes, sum(files) AS files, sum(evicted) AS evicted
                 FROM storage_fresh GROUP BY ${KEY}),
          o AS (SELECT * FROM howdah.storage_rollup WHERE kind = ANY($1::text[]) AND bucket BETWEEN $2 AND $3)
     SELECT COALESCE(f.kind, o.kind) AS kind, COALESCE(f.bucket, o.bucket) AS bucket,
            COALESCE(f.day, o.day) AS day,
            COALESCE(f.origin, o.origin) AS origin, COALESCE(f.domain, o.domain) AS domain,
            COALESCE(f.bytes, 0) - COALESCE(o.bytes, 0) AS d_bytes,
            COALESCE(f.files, 0) - COALESCE(o.files, 0) AS d_files,
            COALESCE(f.evicted, 0) - COALESCE(o.evicted, 0) AS d_evicted,
            GREATEST(COALESCE(o.added_bytes, 0), COALESCE(f.bytes, 0)) - COALESCE(o.added_bytes, 0) AS d_added
       FROM f FULL JOIN o
         ON (f.kind, f.bucket, f.day, f.origin, f.domain) = (o.kind, o.bucket, o.day, o.origin, o.domain)`,
    [kinds, fromBucket, toBucket],
  );
  const { rows: freed } = await client.query<{ n: string | null }>(
    "SELECT sum(-d_bytes) FILTER (WHERE d_bytes < 0)::text AS n FROM storage_delta",
  );
  await applyDelta(client);
  return { freedBytes: Number(freed[0]?.n ?? 0) };
}

/**
 * Adds rows counted for the first time (the incremental pass) and moves the
 * source's high-water mark in the same transaction, so a run that fails or
 * overlaps another counts nothing twice.
 */
export async function addNewCounts(
  store: Store,
  rows: CountedRow[],
  source: { name: string; mark: SourceStatePatch },
): Promise<void> {
  await withStorageWrite(store, async (client) => {
    await addCounts(client, rows);
    await writeSourceState(client, source.name, source.mark);
  });
}

/** Replaces buckets [fromBucket, toBucket] of `kinds` with `rows`; returns the bytes that went away. */
export function replaceCountedBuckets(
  store: Store,
  kinds: StorageKind[],
  fromBucket: number,
  toBucket: number,
  rows: CountedRow[],
): Promise<{ freedBytes: number }> {
  return withStorageWrite(store, (client) => replaceBuckets(client, kinds, fromBucket, toBucket, rows));
}

/**
 * The stored non-zero rows of bucket 0 of `kinds` (the small tables recounted
 * whole), each as "kind|day|origin|domain|bytes|files|evicted", so a fresh
 * count can be compared and nothing written when it is unchanged.
 */
export async function readWholeTableKeys(store: Store, kinds: StorageKind[]): Promise<string[]> {
  const { rows } = await store.pool.query<{ key: string }>(
    `SELECT kind || '|' || to_char(day, 'YYYY-MM-DD') || '|' || origin || '|' || domain || '|' || bytes || '|'
            || files || '|' || evicted AS key
       FROM howdah.storage_rollup
      WHERE kind = ANY($1::text[]) AND bucket = 0 AND (bytes <> 0 OR files <> 0 OR evicted <> 0)`,
    [kinds],
  );
  return rows.map((r) => r.key);
}
