import "server-only";

/** SQL pieces the what-if, its rollup counts and its samples share (facts B5). */
export const DAY = 86_400_000;
export const utc = (ms: number) => new Date(ms).toISOString();
// `timestamp without time zone` columns hold UTC wall times.
export const BEFORE = (param: string) => `(${param}::timestamptz AT TIME ZONE 'UTC')`;
export const LOCAL_ACCOUNT = "JOIN accounts la ON la.id = x.account_id AND la.domain IS NULL";
/** Mastodon::Snowflake.id_at(t, with_random: false): the first id of millisecond t. */
export const snowflakeAt = (ms: number) => (BigInt(Math.max(0, Math.floor(ms))) << 16n).toString();

/** Local users' interactions with status `sid` that the vacuums ignore and an admin cares about. */
export const interacted = (sid: string) => `(
  EXISTS (SELECT 1 FROM favourites x ${LOCAL_ACCOUNT} WHERE x.status_id = ${sid})
  OR EXISTS (SELECT 1 FROM bookmarks x WHERE x.status_id = ${sid})
  OR EXISTS (SELECT 1 FROM statuses x ${LOCAL_ACCOUNT} WHERE x.reblog_of_id = ${sid} AND x.deleted_at IS NULL)
  OR EXISTS (SELECT 1 FROM statuses x ${LOCAL_ACCOUNT} WHERE x.in_reply_to_id = ${sid} AND x.deleted_at IS NULL))`;
