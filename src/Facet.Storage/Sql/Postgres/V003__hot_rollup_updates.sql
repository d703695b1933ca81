-- Issue 11: the hourly rollups (and the daily collection totals) are upserted every batch, changing only `events`,
-- which no index covers. With free space on the page PostgreSQL makes such an update HOT: no new index entry. The
-- daily product and country×store rollups INCLUDE events in their primary key for index-only report scans, so their
-- updates cannot be HOT and keep the default. Applies to pages written from now on.
ALTER TABLE rollup_product_hourly SET (fillfactor = 70);
ALTER TABLE rollup_country_store_hourly SET (fillfactor = 70);
ALTER TABLE rollup_referrer_hourly SET (fillfactor = 70);
ALTER TABLE rollup_browser_os_hourly SET (fillfactor = 70);
ALTER TABLE rollup_collection_hourly SET (fillfactor = 70);
ALTER TABLE rollup_collection_daily SET (fillfactor = 70);
