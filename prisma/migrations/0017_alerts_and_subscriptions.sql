-- Alerts that reach a person (lib/alerts): where they go (contact points),
-- when they are held back (silences), the pending period and repeat interval
-- (one policy row), and what each alert's notifier last knew (alert_states),
-- so a restart neither repeats nor forgets a notification.

CREATE TABLE IF NOT EXISTS howdah.alert_contact_points (
  id             bigserial PRIMARY KEY,
  name           text NOT NULL,
  kind           text NOT NULL CHECK (kind IN ('email', 'webhook', 'slack', 'discord', 'ntfy', 'matrix')),
  -- The parsed input (lib/alerts/contact-point-input.ts), tokens included: the store is the instance's own database.
  settings       jsonb NOT NULL,
  created_at     timestamptz(6) NOT NULL DEFAULT now(),
  created_by     text,
  last_sent_at   timestamptz(6),
  last_error     text,
  last_error_at  timestamptz(6)
);

CREATE TABLE IF NOT EXISTS howdah.alert_silences (
  id          bigserial PRIMARY KEY,
  matcher     text NOT NULL,
  comment     text NOT NULL DEFAULT '',
  ends_at     timestamptz(6) NOT NULL,
  created_at  timestamptz(6) NOT NULL DEFAULT now(),
  created_by  text
);
CREATE INDEX IF NOT EXISTS alert_silences_ends_at_idx ON howdah.alert_silences (ends_at);

CREATE TABLE IF NOT EXISTS howdah.alert_policy (
  id               boolean PRIMARY KEY DEFAULT true CHECK (id),
  pending_seconds  integer NOT NULL CHECK (pending_seconds BETWEEN 0 AND 86400),
  repeat_seconds   integer NOT NULL CHECK (repeat_seconds BETWEEN 60 AND 604800),
  updated_at       timestamptz(6) NOT NULL DEFAULT now(),
  updated_by       text
);

CREATE TABLE IF NOT EXISTS howdah.alert_states (
  alert_id           text PRIMARY KEY,
  state              text NOT NULL CHECK (state IN ('pending', 'firing')),
  severity           text NOT NULL CHECK (severity IN ('warning', 'critical')),
  title              text NOT NULL,
  message            text NOT NULL,
  since              timestamptz(6) NOT NULL,
  notified_at        timestamptz(6),
  notified_severity  text
);

-- Members' e-mail subscriptions to the status page (lib/status/subscriptions.ts):
-- double opt-in (confirmed_at stays null until the link in the first mail is
-- followed), and unsubscribing deletes the row. The links carry tokens derived
-- from Howdah's secret and the row, so none is stored here.
CREATE TABLE IF NOT EXISTS howdah.status_subscribers (
  id               bigserial PRIMARY KEY,
  email            text NOT NULL UNIQUE,
  created_at       timestamptz(6) NOT NULL DEFAULT now(),
  confirm_sent_at  timestamptz(6) NOT NULL DEFAULT now(),
  confirmed_at     timestamptz(6)
);
