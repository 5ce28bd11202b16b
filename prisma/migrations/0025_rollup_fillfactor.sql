-- Room in each page for the rollups' updates in place (issue 16, point 3). The incremental passes add
-- deltas to the same rows run after run (today's rows, the totals, each server's totals); with full pages
-- every such update writes a new row version elsewhere and a new entry in each index, and the tables
-- bloat until a vacuum. With room left, an update that changes no indexed column stays on its page (HOT).
-- Applies to pages written from now on; nothing is rewritten here.
ALTER TABLE howdah.storage_rollup SET (fillfactor = 80);
ALTER TABLE howdah.storage_totals SET (fillfactor = 50);
ALTER TABLE howdah.storage_day_totals SET (fillfactor = 80);
ALTER TABLE howdah.storage_domain_totals SET (fillfactor = 80);
ALTER TABLE howdah.storage_domain_days SET (fillfactor = 80);
ALTER TABLE howdah.relay_traffic_day_domains SET (fillfactor = 80);
