-- The relay rollup's top origin servers over 14 and 90 days (issue 16): each
-- run used to sum every day row of the last 90 days (days × known servers,
-- millions of rows on an instance that knows 30,000 servers). The closed
-- days never change once counted, so their sums per server are kept here,
-- recomputed once a day (or when a run rewrote a closed day: the backfill,
-- the overlap margin just after midnight); a run adds today's day rows to
-- them and ranks only the servers seen today plus the ten largest of the
-- rest (lib/store/relay-traffic.ts).
CREATE TABLE IF NOT EXISTS howdah.relay_traffic_domain_windows (
  domain  text PRIMARY KEY,
  -- Sums over the 13 closed days of the 14-day range; NULL: no row in them.
  s14     bigint,
  f14     bigint,
  r14     bigint,
  m14     bigint,
  rm14    bigint,
  -- Sums over the 89 closed days of the 90-day range.
  s90     bigint NOT NULL,
  f90     bigint NOT NULL,
  r90     bigint NOT NULL,
  m90     bigint NOT NULL,
  rm90    bigint NOT NULL
);
CREATE INDEX IF NOT EXISTS relay_traffic_domain_windows_s14
  ON howdah.relay_traffic_domain_windows (s14 DESC NULLS LAST, domain);
CREATE INDEX IF NOT EXISTS relay_traffic_domain_windows_s90
  ON howdah.relay_traffic_domain_windows (s90 DESC, domain);

-- The last closed day the windows include (NULL: to be recomputed).
ALTER TABLE howdah.relay_traffic_state ADD COLUMN IF NOT EXISTS windows_through date;
