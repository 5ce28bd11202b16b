-- The public status page (lib/status): probe history, per-day uptime, the
-- snapshot the page is served from, and incidents with their updates.

-- One row per component per worker run (about every 30 s), kept two days:
-- the response-time line and each component's "since".
CREATE TABLE IF NOT EXISTS howdah.status_samples (
  component   text NOT NULL,
  checked_at  timestamptz(6) NOT NULL,
  state       text NOT NULL CHECK (state IN ('operational', 'degraded', 'outage', 'unknown')),
  response_ms real,
  PRIMARY KEY (component, checked_at)
);
CREATE INDEX IF NOT EXISTS status_samples_checked_at_idx ON howdah.status_samples (checked_at);

-- Seconds spent in each state per component and UTC day, kept 100 days:
-- the 90-day uptime bars. Time with no reading ("unknown") is not counted.
CREATE TABLE IF NOT EXISTS howdah.status_days (
  component           text NOT NULL,
  day                 date NOT NULL,
  operational_seconds double precision NOT NULL DEFAULT 0,
  degraded_seconds    double precision NOT NULL DEFAULT 0,
  outage_seconds      double precision NOT NULL DEFAULT 0,
  PRIMARY KEY (component, day)
);

-- The last snapshot the worker published (one row): what /status and
-- /api/status serve. A copy also lives in a local file for when this
-- database is down.
CREATE TABLE IF NOT EXISTS howdah.status_snapshot (
  id           boolean PRIMARY KEY DEFAULT true CHECK (id),
  published_at timestamptz(6) NOT NULL,
  body         jsonb NOT NULL
);

-- Incidents and planned maintenance, written by staff for members.
CREATE TABLE IF NOT EXISTS howdah.incidents (
  id              bigserial PRIMARY KEY,
  kind            text NOT NULL CHECK (kind IN ('incident', 'maintenance')),
  title           text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  impact          text NOT NULL CHECK (impact IN ('none', 'minor', 'major')),
  status          text NOT NULL CHECK (status IN ('investigating', 'identified', 'monitoring', 'resolved', 'scheduled', 'in_progress', 'completed')),
  components      text[] NOT NULL DEFAULT '{}',
  scheduled_start timestamptz(6),
  scheduled_end   timestamptz(6),
  created_at      timestamptz(6) NOT NULL DEFAULT now(),
  updated_at      timestamptz(6) NOT NULL DEFAULT now(),
  resolved_at     timestamptz(6),
  created_by      text,
  CHECK (kind = 'incident' OR (scheduled_start IS NOT NULL AND scheduled_end > scheduled_start))
);
CREATE INDEX IF NOT EXISTS incidents_updated_at_idx ON howdah.incidents (updated_at DESC);

CREATE TABLE IF NOT EXISTS howdah.incident_updates (
  id          bigserial PRIMARY KEY,
  incident_id bigint NOT NULL REFERENCES howdah.incidents (id) ON DELETE CASCADE,
  status      text NOT NULL,
  body        text NOT NULL CHECK (length(body) BETWEEN 1 AND 5000),
  created_at  timestamptz(6) NOT NULL DEFAULT now(),
  created_by  text
);
CREATE INDEX IF NOT EXISTS incident_updates_incident_idx ON howdah.incident_updates (incident_id, created_at);
