import "server-only";
/**
 * Id ranges of Mastodon's media-bearing tables, cut into buckets the storage
 * rollups can recount one at a time (facts §2).
 *
 * Snowflake tables (media_attachments, accounts): a bucket is the UTC day of
 * the id's time part (id >> 16 = epoch ms). Rows older than the switch to
 * timestamp ids (accounts before 2021, media before mid-2020) have small
 * sequential ids, which all land in bucket 0, as do negative ids (the
 * instance actor, -99). Sequence tables: a bucket is 10,000 consecutive ids.
 * Ids are bigint in PostgreSQL and BigInt here: snowflakes exceed 2^53.
 */
export type IdScheme = "snowflake" | "sequence";

export const DAY_MS = 86_400_000;
export const SEQUENCE_BUCKET_IDS = 10_000;
export const MIN_ID = -(2n ** 63n);
export const MAX_ID = 2n ** 63n - 1n;

export function bucketOf(scheme: IdScheme, id: bigint): number {
  if (scheme === "sequence") return id <= 0n ? 0 : Number(id / BigInt(SEQUENCE_BUCKET_IDS));
  if (id <= 0n) return 0;
  return Number((id >> 16n) / BigInt(DAY_MS));
}

/** The smallest id in a bucket (bucket 0 starts at the smallest bigint). */
export function bucketStart(scheme: IdScheme, bucket: number): bigint {
  if (bucket <= 0) return MIN_ID;
  if (scheme === "sequence") return BigInt(bucket) * BigInt(SEQUENCE_BUCKET_IDS);
  return (BigInt(bucket) * BigInt(DAY_MS)) << 16n;
}

/** SQL for the bucket of `column`, matching bucketOf (integer division truncates toward zero). */
export function bucketSql(scheme: IdScheme, column: string): string {
  if (scheme === "sequence") return `(GREATEST(${column}, 0) / ${SEQUENCE_BUCKET_IDS})::int`;
  return `(GREATEST(${column}, 0) >> 16) / ${DAY_MS}`;
}

/** The largest id whose time part is before `ms` (Mastodon::Snowflake.id_at's layout). */
export function lastIdBefore(ms: number): bigint {
  return (BigInt(Math.floor(ms)) << 16n) - 1n;
}

/** The time a snowflake id carries, in epoch ms. */
export function idTimeMs(id: bigint): number {
  return Number(id >> 16n);
}

/** "YYYY-MM-DD" of a snowflake bucket. */
export function bucketDay(bucket: number): string {
  return new Date(bucket * DAY_MS).toISOString().slice(0, 10);
}

export function utcDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}
