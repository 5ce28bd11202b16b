-- A Sidekiq figure that cannot be read (its key holds something Sidekiq never
-- writes there, issue 10) is stored as NULL: "no reading", never a false 0.
-- Rollups average and take the maximum over the readings there are; charts
-- show a gap. Enqueued stays the sum of the queues that could be read, and
-- is NULL only when the `queues` set itself could not be.
ALTER TABLE howdah.sidekiq_samples
  ALTER COLUMN enqueued DROP NOT NULL,
  ALTER COLUMN scheduled DROP NOT NULL,
  ALTER COLUMN retries DROP NOT NULL,
  ALTER COLUMN dead DROP NOT NULL,
  ALTER COLUMN processes DROP NOT NULL,
  ALTER COLUMN busy DROP NOT NULL,
  ALTER COLUMN concurrency DROP NOT NULL,
  ALTER COLUMN processed_total DROP NOT NULL,
  ALTER COLUMN failed_total DROP NOT NULL;
