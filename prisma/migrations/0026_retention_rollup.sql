-- The retention what-if's rollup (lib/retention/what-if-rollup.ts). Counting
-- what the nightly vacuum would remove at a 30-day period means counting
-- millions of remote posts and cached media on a large instance (seconds);
-- the worker counts whole UTC hours of ids here, and the what-if adds the
-- live count of the rest (the cutoff's own hour, the recent days, any hour
-- missing here), so its figures stay those of the vacuums' predicates.

-- The content vacuum's figures per UTC hour of the status id (the vacuum ages
-- posts by id): kept statuses of remote accounts, how local users touched
-- them, and the local boosts the cascade deletes with them. An hour with no
-- remote posts when counted has no row (the what-if's live count of it is an
-- empty index range).
CREATE TABLE IF NOT EXISTS howdah.retention_status_hours (
  hour          timestamptz(6) PRIMARY KEY,
  total         bigint NOT NULL,
  favourited    bigint NOT NULL,
  bookmarked    bigint NOT NULL,
  pinned        bigint NOT NULL,
  replied_to    bigint NOT NULL,
  boosted       bigint NOT NULL,
  direct        bigint NOT NULL,
  touched       bigint NOT NULL,
  local_boosts  bigint NOT NULL,
  counted_at    timestamptz(6) NOT NULL
);

-- Cached remote media (remote_url <> '' AND file_file_name IS NOT NULL) per
-- UTC hour of the id (the bound a live count can use: ids never run ahead of
-- created_at), for rows whose greatest(created_at, updated_at) lies in that
-- hour or before.
CREATE TABLE IF NOT EXISTS howdah.retention_media_hours (
  hour        timestamptz(6) PRIMARY KEY,
  files       bigint NOT NULL,
  bytes       bigint NOT NULL,
  interacted  bigint NOT NULL
);

-- The others (touched in a later hour: downloaded late, re-downloaded,
-- edited), by their exact greatest(created_at, updated_at) (UTC wall time),
-- so a cutoff inside any hour compares exactly as the vacuum's
-- `created_at < cutoff AND updated_at < cutoff` does.
CREATE TABLE IF NOT EXISTS howdah.retention_media_late (
  id_hour      timestamptz(6) NOT NULL,
  touched_at   timestamp(6) NOT NULL,
  files        bigint NOT NULL,
  bytes        bigint NOT NULL,
  interacted   bigint NOT NULL,
  PRIMARY KEY (id_hour, touched_at)
);

-- When the media tables were last replaced by a complete pass (it started at
-- counted_at; a what-if whose cutoff is later than that counts media live).
CREATE TABLE IF NOT EXISTS howdah.retention_rollup_state (
  part        text PRIMARY KEY,
  counted_at  timestamptz(6) NOT NULL,
  took_ms     integer NOT NULL DEFAULT 0
);
