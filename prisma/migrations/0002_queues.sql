-- Sidekiq queue history and backlog alert settings (issue 3).
--
-- Samples are kept at three resolutions in the same tables, told apart by
-- bucket_seconds: 10 (what the worker samples every 10 s, kept 24 h), 60
-- (kept 7 days) and 600 (kept 90 days). Rollups average the gauges, keep the
-- maximum beside the average, and sum the counter deltas.

CREATE TABLE IF NOT EXISTS howdah.sidekiq_samples (
  bucket_seconds   integer NOT NULL,
  taken_at         timestamptz(6) NOT NULL,  -- raw: when read; rollups: start of the bucket
  samples          integer NOT NULL DEFAULT 1,
  enqueued         bigint NOT NULL,
  scheduled        bigint NOT NULL,
  retries          bigint NOT NULL,
  dead             bigint NOT NULL,
  processes        integer NOT NULL,         -- alive: in `processes` and heartbeat hash present
  busy             integer NOT NULL,
  concurrency      integer NOT NULL,
  processed_total  bigint NOT NULL,          -- stat:processed at the (last) reading
  failed_total     bigint NOT NULL,
  processed_delta  bigint,                   -- NULL when there was no recent reading to count from
  failed_delta     bigint,
  delta_seconds    double precision,         -- time the deltas cover
  PRIMARY KEY (bucket_seconds, taken_at)
);

CREATE TABLE IF NOT EXISTS howdah.sidekiq_queue_samples (
  bucket_seconds   integer NOT NULL,
  taken_at         timestamptz(6) NOT NULL,
  queue            text NOT NULL,
  size             bigint NOT NULL,
  size_max         bigint NOT NULL,
  latency_seconds  double precision NOT NULL,
  latency_max      double precision NOT NULL,
  PRIMARY KEY (bucket_seconds, queue, taken_at)
);
CREATE INDEX IF NOT EXISTS sidekiq_queue_samples_time_idx ON howdah.sidekiq_queue_samples (bucket_seconds, taken_at);

-- Per-queue latency thresholds an admin changed from Howdah's defaults.
CREATE TABLE IF NOT EXISTS howdah.queue_latency_thresholds (
  queue              text PRIMARY KEY,
  threshold_seconds  integer NOT NULL CHECK (threshold_seconds > 0),
  updated_at         timestamptz(6) NOT NULL DEFAULT now(),
  updated_by         text
);

-- Growth alerts on the retry and dead sets: one row, absent until changed.
CREATE TABLE IF NOT EXISTS howdah.queue_alert_settings (
  id                    boolean PRIMARY KEY DEFAULT true CHECK (id),
  retry_growth          integer NOT NULL CHECK (retry_growth > 0),
  retry_window_minutes  integer NOT NULL CHECK (retry_window_minutes BETWEEN 1 AND 1440),
  dead_growth           integer NOT NULL CHECK (dead_growth > 0),
  dead_window_minutes   integer NOT NULL CHECK (dead_window_minutes BETWEEN 1 AND 1440),
  updated_at            timestamptz(6) NOT NULL DEFAULT now(),
  updated_by            text
);
