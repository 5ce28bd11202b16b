-- The dossier's counts for the busiest remote servers (lib/federation/domain-counts.ts):
-- accounts, follows with local accounts, statuses and reports of a domain and
-- its sub-domains, each an aggregate over Mastodon's rows that grows with the
-- server (seconds for a server with tens of thousands of accounts). The worker
-- counts them for the servers above a size on a schedule; the dossier reads
-- the row and says when it was counted. Smaller servers are counted live.
CREATE TABLE IF NOT EXISTS howdah.domain_counts (
  domain      text PRIMARY KEY,
  counts      jsonb NOT NULL,
  counted_at  timestamptz NOT NULL,
  took_ms     integer NOT NULL DEFAULT 0
);
