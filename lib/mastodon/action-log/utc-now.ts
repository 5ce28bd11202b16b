import "server-only";

/**
 * Rails' `Time.now.utc` for a `timestamp without time zone` column, whatever
 * the session's TimeZone: Mastodon's created_at / updated_at are UTC wall
 * times with no database default. clock_timestamp(), not now(): two writes
 * in one transaction get their own instants, as two Rails saves do.
 */
export const UTC_NOW = "(clock_timestamp() AT TIME ZONE 'UTC')";
