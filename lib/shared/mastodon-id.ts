/**
 * Mastodon's ids are PostgreSQL bigints: 1 to 9,223,372,036,854,775,807.
 * Nineteen digits can go past that, and PostgreSQL then fails the query
 * ("value out of range for type bigint"), which would surface as a 500; an
 * id outside the range is bad input, said so before any query runs.
 */
export const MAX_MASTODON_ID = 9_223_372_036_854_775_807n;

export function isMastodonId(value: string): boolean {
  if (!/^\d{1,19}$/.test(value)) return false;
  const id = BigInt(value);
  return id >= 1n && id <= MAX_MASTODON_ID;
}
