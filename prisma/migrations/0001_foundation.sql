-- Howdah's foundation tables. Applied by lib/store/migrate.ts inside one
-- transaction; written to be safe to re-run (IF NOT EXISTS everywhere).

CREATE TABLE IF NOT EXISTS howdah.audit_log (
  id               bigserial PRIMARY KEY,
  created_at       timestamptz(6) NOT NULL DEFAULT now(),
  actor_account_id bigint,
  actor_acct       text,
  action           text NOT NULL,
  target_type      text,
  target           text,
  outcome          text NOT NULL DEFAULT 'ok',
  details          jsonb,
  ip               text
);
CREATE INDEX IF NOT EXISTS audit_log_created_at_idx ON howdah.audit_log (created_at DESC);

-- Failed sign-ins, counted per account and per IP in fixed windows.
CREATE TABLE IF NOT EXISTS howdah.sign_in_throttle (
  scope        text NOT NULL,          -- 'account' or 'ip'
  key          text NOT NULL,          -- lower-cased e-mail, or the client IP
  window_start timestamptz NOT NULL,
  failures     integer NOT NULL DEFAULT 0,
  PRIMARY KEY (scope, key)
);

-- The last TOTP time step each user consumed in Howdah, so a code cannot be
-- replayed here. Kept apart from Mastodon's users.consumed_timestep, which
-- Howdah never writes.
CREATE TABLE IF NOT EXISTS howdah.totp_consumed (
  user_id    bigint PRIMARY KEY,
  timestep   bigint NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Instance-wide counts sampled by the worker, so the overview never counts
-- Mastodon's big tables while a page loads.
CREATE TABLE IF NOT EXISTS howdah.instance_samples (
  id               bigserial PRIMARY KEY,
  taken_at         timestamptz(6) NOT NULL,
  user_count       bigint NOT NULL,
  active_users_30d bigint NOT NULL,
  local_accounts   bigint NOT NULL,
  remote_accounts  bigint NOT NULL,
  pending_reports  bigint NOT NULL,
  known_domains    bigint NOT NULL
);
CREATE INDEX IF NOT EXISTS instance_samples_taken_at_idx ON howdah.instance_samples (taken_at DESC);
