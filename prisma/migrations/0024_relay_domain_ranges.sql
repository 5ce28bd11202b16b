-- The relay rollup's top origin servers kept by deltas (issue 16, point 3).
--
-- 0023 kept the closed days' sums per server and recomputed them whenever the
-- day changed (89 days × every known server), and each run still summed 48
-- hours of hour rows and ranked every server seen today: work that grows with
-- the instance, not with what arrived. Here every range's sums per server
-- (48 hours, 14 and 90 days, the current hour and day included) are kept up to
-- date by the rows each run replaces (new minus old), and moved along when the
-- hour or the day changes by taking off only the hour or day rows that leave
-- them; the ten largest per range are then ranked from one row per server. See
-- lib/store/relay-domain-ranges.ts.
DROP TABLE IF EXISTS howdah.relay_traffic_domain_windows;

CREATE TABLE IF NOT EXISTS howdah.relay_traffic_domain_ranges (
  domain  text PRIMARY KEY,
  -- Hour rows in the 48-hour range (from the hour 47 hours before the current one on).
  n48     integer NOT NULL DEFAULT 0,
  s48     bigint NOT NULL DEFAULT 0,
  f48     bigint NOT NULL DEFAULT 0,
  r48     bigint NOT NULL DEFAULT 0,
  m48     bigint NOT NULL DEFAULT 0,
  rm48    bigint NOT NULL DEFAULT 0,
  -- Day rows in the 14-day range (the 13 days before today and today).
  n14     integer NOT NULL DEFAULT 0,
  s14     bigint NOT NULL DEFAULT 0,
  f14     bigint NOT NULL DEFAULT 0,
  r14     bigint NOT NULL DEFAULT 0,
  m14     bigint NOT NULL DEFAULT 0,
  rm14    bigint NOT NULL DEFAULT 0,
  -- Day rows in the 90-day range.
  n90     integer NOT NULL DEFAULT 0,
  s90     bigint NOT NULL DEFAULT 0,
  f90     bigint NOT NULL DEFAULT 0,
  r90     bigint NOT NULL DEFAULT 0,
  m90     bigint NOT NULL DEFAULT 0,
  rm90    bigint NOT NULL DEFAULT 0
);
-- A server is in a range when it has a row in it (nX > 0). No index on the sums: every run changes the
-- sums of the servers seen in the current hour, and keeping three ranking indexes up to date doubled that
-- cost on the bench (4,000 servers), while ranking one row per server once a run takes a few ms. Room
-- left in each page lets those updates stay on their page (HOT) between vacuums.
ALTER TABLE howdah.relay_traffic_domain_ranges SET (fillfactor = 70);
-- Servers left in no range are dropped after each change: found through this index, not a scan.
CREATE INDEX IF NOT EXISTS relay_traffic_domain_ranges_empty ON howdah.relay_traffic_domain_ranges (domain)
  WHERE n48 = 0 AND n14 = 0 AND n90 = 0;

-- Where the ranges stand: the first hour of the 48 hours, and (as in 0023) the day before their today.
-- NULL: to be recomputed from the hour and day rows at the end of the next run.
ALTER TABLE howdah.relay_traffic_state ADD COLUMN IF NOT EXISTS ranges_hour timestamptz;
UPDATE howdah.relay_traffic_state SET windows_through = NULL, ranges_hour = NULL;

-- How many hour rows a day row sums, so a run can apply the replaced hours' deltas to the day rows
-- (instead of summing the whole day again) and know when a day row is left with no hour at all.
ALTER TABLE howdah.relay_traffic_day_domains ADD COLUMN IF NOT EXISTS hours integer NOT NULL DEFAULT 1;
UPDATE howdah.relay_traffic_day_domains d SET hours = c.n
  FROM (SELECT (hour AT TIME ZONE 'UTC')::date AS day, domain, count(*)::int AS n
          FROM howdah.relay_traffic_hour_domains GROUP BY 1, 2) c
 WHERE d.day = c.day AND d.domain = c.domain AND d.hours <> c.n;
