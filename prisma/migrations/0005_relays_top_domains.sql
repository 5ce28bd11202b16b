-- Top origin servers per chart range, recomputed by the relay traffic rollup
-- at the end of each run (lib/relays/rollup.ts), so a page load reads ten rows
-- instead of summing tens of thousands of day rows. Part of issue 5, added
-- after 0005_relays.sql was first applied.
CREATE TABLE IF NOT EXISTS howdah.relay_traffic_top_domains (
  range             text NOT NULL,          -- '48h', '14d', '90d'
  rank              integer NOT NULL,       -- 1 = most remote posts
  domain            text NOT NULL,
  statuses          bigint NOT NULL,
  followed          bigint NOT NULL,
  relay_estimate    bigint NOT NULL,
  media_bytes       bigint NOT NULL,
  relay_media_bytes bigint NOT NULL,
  computed_at       timestamptz NOT NULL,
  PRIMARY KEY (range, rank)
);
