-- The alert rules' thresholds beyond the Queues page's (lib/alerts/rules.ts):
-- queue size, Sidekiq process count, disk fill forecast, ingress delay,
-- pending blocklist changes, oldest unassigned report, and critical levels
-- set apart from warning. One row of JSON: Howdah's defaults fill whatever
-- is missing, so a rule added later needs no new migration.
CREATE TABLE IF NOT EXISTS howdah.alert_rule_settings (
  id          boolean PRIMARY KEY DEFAULT true CHECK (id),
  settings    jsonb NOT NULL,
  updated_at  timestamptz(6) NOT NULL DEFAULT now(),
  updated_by  text
);
