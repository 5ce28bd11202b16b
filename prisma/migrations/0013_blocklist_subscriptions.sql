-- Blocklist subscriptions (issue 12, point 6): shared blocklists Howdah
-- follows, the merge rule across them, and the review queue of the changes
-- the merge asks for. Accepted changes are applied as block batches (source
-- 'subscription', migration 0010), which give them provenance and rollback;
-- lib/store/blocklist-subscriptions.ts reads and writes these tables.

CREATE TABLE IF NOT EXISTS howdah.blocklist_sources (
  id                 bigserial PRIMARY KEY,
  name               text NOT NULL,
  kind               text NOT NULL,            -- 'url' (fetched on a schedule) or 'file' (uploaded)
  url                text,
  file_name          text,
  enabled            boolean NOT NULL DEFAULT true,
  -- the severity for a plain list of domains (it has none); null when the list has a severity column
  default_severity   text,
  fetch_every_minutes integer NOT NULL DEFAULT 360,
  -- which kinds of change this source may apply without review: {"addition":true,"retraction":false,…};
  -- set by an admin, who is then the actor of the changes applied under it
  auto_apply         jsonb NOT NULL DEFAULT '{}'::jsonb,
  auto_apply_account_id bigint,
  auto_apply_acct    text,
  -- conditional fetch: what the server answered last time
  etag               text,
  last_modified      text,
  -- the last attempt and its outcome ('ok', 'not_modified', 'failed')
  last_fetch_at      timestamptz(6),
  last_status        text,
  last_error         text,
  failing_since      timestamptz(6),
  -- the last good copy: the parsed entries (normalised domain, severity, flags, comment), kept while fetches fail
  entries            jsonb,
  entry_count        integer NOT NULL DEFAULT 0,
  malformed_count    integer NOT NULL DEFAULT 0,
  format             text,
  good_at            timestamptz(6),
  created_at         timestamptz(6) NOT NULL DEFAULT now(),
  updated_at         timestamptz(6) NOT NULL DEFAULT now(),
  CONSTRAINT blocklist_sources_kind_check CHECK (kind IN ('url', 'file')),
  CONSTRAINT blocklist_sources_severity_check CHECK (default_severity IN ('silence', 'suspend', 'noop'))
);

-- One row (id = 1): how the sources are merged.
CREATE TABLE IF NOT EXISTS howdah.blocklist_settings (
  id              integer PRIMARY KEY DEFAULT 1,
  threshold_kind  text NOT NULL DEFAULT 'count',   -- 'count' of sources, or 'share' of enabled sources (percent)
  threshold_value integer NOT NULL DEFAULT 1,
  severity_rule   text NOT NULL DEFAULT 'max',     -- 'max', 'min' or 'majority'
  updated_at      timestamptz(6) NOT NULL DEFAULT now(),
  CONSTRAINT blocklist_settings_one_row CHECK (id = 1),
  CONSTRAINT blocklist_settings_threshold_check CHECK (threshold_kind IN ('count', 'share')),
  CONSTRAINT blocklist_settings_rule_check CHECK (severity_rule IN ('max', 'min', 'majority'))
);

-- The review queue: one row per change the merge asks for. Pending rows are
-- recomputed after every fetch; applied and dismissed rows stay as history
-- (a dismissed change is not proposed again while the lists ask the same).
CREATE TABLE IF NOT EXISTS howdah.blocklist_changes (
  id          bigserial PRIMARY KEY,
  domain      text NOT NULL,
  kind        text NOT NULL,          -- addition, escalation, deescalation, retraction
  fields      jsonb,                  -- the block asked for (null for a retraction)
  current     jsonb,                  -- the domain's own block today (null for an addition)
  source_ids  bigint[] NOT NULL DEFAULT '{}',  -- the sources listing the domain
  severs      integer NOT NULL DEFAULT 0,      -- follows with local accounts a suspension would sever
  note        text,
  state       text NOT NULL DEFAULT 'pending', -- pending, applied, dismissed
  batch_id    bigint,                 -- the block batch that applied it
  computed_at timestamptz(6) NOT NULL DEFAULT now(),
  decided_at  timestamptz(6),
  decided_by  text,
  CONSTRAINT blocklist_changes_kind_check CHECK (kind IN ('addition', 'escalation', 'deescalation', 'retraction')),
  CONSTRAINT blocklist_changes_state_check CHECK (state IN ('pending', 'applied', 'dismissed'))
);
CREATE UNIQUE INDEX IF NOT EXISTS blocklist_changes_pending_idx ON howdah.blocklist_changes (domain)
  WHERE state = 'pending';
CREATE INDEX IF NOT EXISTS blocklist_changes_state_idx ON howdah.blocklist_changes (state, id DESC);
