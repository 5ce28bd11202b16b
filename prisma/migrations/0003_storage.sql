-- Media storage rollups (issue 4). Written by the worker only (lib/storage);
-- pages read the small derived tables, never Mastodon's media tables.
--
-- storage_rollup is the source of truth: bytes per (kind, bucket, day, origin,
-- domain). `bucket` is the id range a row belongs to: the UTC day of a
-- snowflake id (id >> 16 = epoch ms; 0 for old sequential ids), or id / 10000
-- for tables with plain sequence ids, or 0 for small tables counted whole.
-- The daily reconcile replaces whole bucket ranges with a fresh count, so
-- evictions, deletions and re-downloads are absorbed. `day` is when the bytes
-- landed (media: created_at, which a re-download resets).
--   bytes        held now (Mastodon's size columns; evicted rows count 0)
--   files        rows whose file is present
--   evicted      remote rows kept with their file cleared
--   added_bytes  the most ever seen for the key: what was added that day, kept
--                after Mastodon clears the sizes of evicted media
CREATE TABLE IF NOT EXISTS howdah.storage_rollup (
  kind         text NOT NULL,
  bucket       integer NOT NULL,
  day          date NOT NULL,
  origin       text NOT NULL CHECK (origin IN ('local', 'remote')),
  domain       text NOT NULL DEFAULT '',
  bytes        bigint NOT NULL DEFAULT 0,
  files        bigint NOT NULL DEFAULT 0,
  evicted      bigint NOT NULL DEFAULT 0,
  added_bytes  bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (kind, bucket, day, origin, domain)
);

-- Derived from storage_rollup by the same transactions that change it (the
-- deltas are applied to each), so a page reads a few hundred rows at most.
CREATE TABLE IF NOT EXISTS howdah.storage_totals (
  kind         text NOT NULL,
  origin       text NOT NULL,
  bytes        bigint NOT NULL DEFAULT 0,
  files        bigint NOT NULL DEFAULT 0,
  evicted      bigint NOT NULL DEFAULT 0,
  added_bytes  bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (kind, origin)
);

CREATE TABLE IF NOT EXISTS howdah.storage_day_totals (
  day          date NOT NULL,
  kind         text NOT NULL,
  origin       text NOT NULL,
  bytes        bigint NOT NULL DEFAULT 0,
  files        bigint NOT NULL DEFAULT 0,
  evicted      bigint NOT NULL DEFAULT 0,
  added_bytes  bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (day, kind, origin)
);

-- Remote servers: attachments, avatars, headers and custom emoji only.
CREATE TABLE IF NOT EXISTS howdah.storage_domain_totals (
  domain       text NOT NULL,
  kind         text NOT NULL,
  bytes        bigint NOT NULL DEFAULT 0,
  files        bigint NOT NULL DEFAULT 0,
  evicted      bigint NOT NULL DEFAULT 0,
  added_bytes  bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (domain, kind)
);

CREATE TABLE IF NOT EXISTS howdah.storage_domain_days (
  domain       text NOT NULL,
  day          date NOT NULL,
  bytes        bigint NOT NULL DEFAULT 0,
  added_bytes  bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (domain, day)
);

-- Where each counted table stands: the incremental pass's high-water mark and
-- the current full pass (first backfill or daily reconcile).
CREATE TABLE IF NOT EXISTS howdah.storage_sources (
  source                  text PRIMARY KEY,
  hwm                     bigint,            -- ids <= hwm are counted
  incremental_at          timestamptz(6),
  pass_started_at         timestamptz(6),    -- NULL: no pass under way
  pass_bound_bucket       integer,           -- the pass recounts buckets below this
  pass_cursor             bigint,            -- ids <= cursor are recounted in this pass
  pass_rows_done          bigint NOT NULL DEFAULT 0,
  pass_rows_estimate      bigint NOT NULL DEFAULT 0,
  pass_completed_at       timestamptz(6),    -- the last completed pass
  first_completed_at      timestamptz(6)     -- the first backfill's end
);

-- Held bytes at the end of each day (UTC), written by every rollup run (the
-- last write of a day wins): the only record of net growth, since Mastodon
-- clears the size of evicted media.
CREATE TABLE IF NOT EXISTS howdah.storage_snapshots (
  day             date PRIMARY KEY,
  taken_at        timestamptz(6) NOT NULL,
  media_bytes     bigint NOT NULL,
  local_bytes     bigint NOT NULL,
  remote_bytes    bigint NOT NULL,
  database_bytes  bigint,
  redis_bytes     bigint,
  freed_bytes     bigint NOT NULL DEFAULT 0,  -- bytes the reconcile saw go (evictions, deletions)
  complete        boolean NOT NULL,           -- false while the first backfill is under way
  by_kind         jsonb NOT NULL DEFAULT '{}'
);

-- PostgreSQL database size and Redis memory, as Mastodon's space_usage has them.
CREATE TABLE IF NOT EXISTS howdah.storage_services (
  id              boolean PRIMARY KEY DEFAULT true CHECK (id),
  database_bytes  bigint,
  redis_bytes     bigint,
  redis_label     text,
  sampled_at      timestamptz(6) NOT NULL
);

-- The disk or bucket the media lives on; one row, absent until set.
CREATE TABLE IF NOT EXISTS howdah.storage_settings (
  id                 boolean PRIMARY KEY DEFAULT true CHECK (id),
  capacity_bytes     bigint CHECK (capacity_bytes IS NULL OR capacity_bytes > 0),
  includes_database  boolean NOT NULL DEFAULT false,
  updated_at         timestamptz(6) NOT NULL DEFAULT now(),
  updated_by         text
);
