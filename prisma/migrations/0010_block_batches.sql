-- Domain-block batches (issue 12, points 3 and 4): every block Howdah creates,
-- changes or removes belongs to a batch that remembers where it came from,
-- who ran it, and each row's state before, so the batch can be resumed after
-- a failure or rolled back. Mastodon's own rows (and the admin's private
-- comment) are never used for this; lib/federation/import/* and
-- lib/store/block-batches.ts read and write these tables.

CREATE TABLE IF NOT EXISTS howdah.block_batches (
  id               bigserial PRIMARY KEY,
  source           text NOT NULL,          -- 'form', 'file', 'url' or 'subscription'
  source_ref       text,                   -- the file name, URL or subscription
  actor_account_id bigint,
  actor_acct       text,
  created_at       timestamptz(6) NOT NULL DEFAULT now(),
  -- pending (previewed, not applied), running, done, failed (stopped part-way:
  -- resume or roll back), rolling_back, rolled_back
  state            text NOT NULL DEFAULT 'pending',
  summary          jsonb,                  -- the preview: format, counts per class, the chosen severity
  total            integer NOT NULL DEFAULT 0,  -- rows selected to apply
  applied          integer NOT NULL DEFAULT 0,
  failed           integer NOT NULL DEFAULT 0,  -- rows refused (each with its error)
  reverted         integer NOT NULL DEFAULT 0,
  error            text,                   -- why the batch stopped
  started_at       timestamptz(6),
  finished_at      timestamptz(6),
  CONSTRAINT block_batches_source_check CHECK (source IN ('form', 'file', 'url', 'subscription')),
  CONSTRAINT block_batches_state_check
    CHECK (state IN ('pending', 'running', 'done', 'failed', 'rolling_back', 'rolled_back'))
);
CREATE INDEX IF NOT EXISTS block_batches_created_idx ON howdah.block_batches (id DESC);

-- One row of a batch: a line of the file (malformed ones too, with their
-- message), what the preview made of it, and once applied what was done.
CREATE TABLE IF NOT EXISTS howdah.block_batch_items (
  id             bigserial PRIMARY KEY,
  batch_id       bigint NOT NULL REFERENCES howdah.block_batches (id) ON DELETE CASCADE,
  line           integer NOT NULL,        -- the line in the file (1 for a form)
  domain         text NOT NULL,           -- normalised; the line as read when malformed
  class          text NOT NULL,           -- new, stricter, looser, unchanged, covered, allowed, malformed, form
  selected       boolean NOT NULL DEFAULT false,
  fields         jsonb,                   -- the block the row asks for (severity, flags, comments)
  note           text,                    -- the preview's sentence (why covered, the parse error…)
  severs         integer NOT NULL DEFAULT 0,  -- follows with local accounts a suspension would sever
  action         text,                    -- what was done: create, upgrade, update, destroy
  block_id       bigint,                  -- Mastodon's domain_blocks.id
  previous       jsonb,                   -- the domain's own block before the change; null if none
  started_at     timestamptz(6),          -- set before the write, so a resume knows to look
  applied_at     timestamptz(6),
  reverted_at    timestamptz(6),
  error          text
);
CREATE INDEX IF NOT EXISTS block_batch_items_batch_line_idx ON howdah.block_batch_items (batch_id, line);
CREATE INDEX IF NOT EXISTS block_batch_items_domain_idx ON howdah.block_batch_items (domain);
