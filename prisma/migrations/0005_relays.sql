-- Relay and federation traffic rollups (issue 5).
--
-- The worker counts remote statuses per arrival hour (statuses.id >> 16 is
-- the insert time) and origin domain from Mastodon's tables, a bounded piece
-- at a time, and replaces whole hours here; pages only read these tables.
-- See lib/relays/rollup.ts for the method and lib/mastodon/relays/traffic-sql.ts
-- for what each figure counts.

-- Per hour and origin domain: the source of the other two tables. Kept 35 days.
CREATE TABLE IF NOT EXISTS howdah.relay_traffic_hour_domains (
  hour                 timestamptz NOT NULL,
  domain               text NOT NULL,
  statuses             integer NOT NULL,   -- remote originals (reblog rows excluded)
  followed             integer NOT NULL,   -- by authors a local account follows (at counting time)
  relay_estimate       integer NOT NULL,   -- not followed, no local mention, no reply to a local account
  boosts               integer NOT NULL,   -- remote reblog rows, counted apart
  media_bytes          bigint NOT NULL,
  followed_media_bytes bigint NOT NULL,
  relay_media_bytes    bigint NOT NULL,
  PRIMARY KEY (hour, domain)
);

-- Per hour, all domains: what charts and /metrics read. One row per counted
-- hour, zero rows included, so "not counted yet" and "nothing arrived" differ.
CREATE TABLE IF NOT EXISTS howdah.relay_traffic_hours (
  hour                 timestamptz PRIMARY KEY,
  statuses             bigint NOT NULL,
  followed             bigint NOT NULL,
  relay_estimate       bigint NOT NULL,
  boosts               bigint NOT NULL,
  media_bytes          bigint NOT NULL,
  followed_media_bytes bigint NOT NULL,
  relay_media_bytes    bigint NOT NULL,
  domains              integer NOT NULL,
  counted_at           timestamptz NOT NULL  -- when the hour was last (re)counted
);

-- Per UTC day and origin domain, recomputed from the hour rows of each day
-- a run touched: top origin domains over long ranges. Kept 400 days.
CREATE TABLE IF NOT EXISTS howdah.relay_traffic_day_domains (
  day                  date NOT NULL,
  domain               text NOT NULL,
  statuses             bigint NOT NULL,
  followed             bigint NOT NULL,
  relay_estimate       bigint NOT NULL,
  boosts               bigint NOT NULL,
  media_bytes          bigint NOT NULL,
  followed_media_bytes bigint NOT NULL,
  relay_media_bytes    bigint NOT NULL,
  PRIMARY KEY (day, domain)
);

-- Where the incremental rollup stands: one row.
CREATE TABLE IF NOT EXISTS howdah.relay_traffic_state (
  id                boolean PRIMARY KEY DEFAULT true CHECK (id),
  backfill_from     timestamptz NOT NULL,   -- the first hour ever counted
  counted_to        timestamptz NOT NULL,   -- every status id below high_water_id has been counted once
  high_water_id     bigint NOT NULL,        -- counted_to as a snowflake id (ms << 16)
  caught_up         boolean NOT NULL,       -- the last run reached the present
  last_run_at       timestamptz NOT NULL,
  last_run_ms       integer NOT NULL,
  last_run_statuses bigint NOT NULL,        -- status rows the last run read
  last_run_hours    integer NOT NULL,       -- hours it (re)wrote
  relays            jsonb                   -- relays per state at the last run, for the overview tile
);
