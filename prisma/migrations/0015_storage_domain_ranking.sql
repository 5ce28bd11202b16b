-- The storage page's ranking of remote servers, kept by the storage rollups:
-- one row per domain with its totals over every kind (what the page used to
-- GROUP BY over storage_domain_totals on each request), indexed by size, so
-- the top N and a server's rank read a handful of index entries however many
-- servers the instance knows. Written in the same statement batch as
-- storage_domain_totals (lib/store/storage-rollup.ts), from the same deltas.
CREATE TABLE IF NOT EXISTS howdah.storage_domain_ranking (
  domain   text PRIMARY KEY,
  bytes    bigint NOT NULL DEFAULT 0,
  files    bigint NOT NULL DEFAULT 0,
  evicted  bigint NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS storage_domain_ranking_by_size
  ON howdah.storage_domain_ranking (bytes DESC, domain);

INSERT INTO howdah.storage_domain_ranking (domain, bytes, files, evicted)
SELECT domain, sum(bytes), sum(files), sum(evicted) FROM howdah.storage_domain_totals GROUP BY domain
ON CONFLICT (domain) DO NOTHING;
