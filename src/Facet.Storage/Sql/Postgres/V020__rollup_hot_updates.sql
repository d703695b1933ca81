-- Version 20 (issue 22): updates of the upserted rollups made HOT (heap-only tuples: no new index entry, the old
-- version pruned on its page), as V003 did for the hourly rollups. An update is HOT only when no indexed column changes
-- and the new version fits on the old one's page.
-- * rollup_product_daily, rollup_country_store_daily: every batch upserts the rows of the days it touched (~5,500 and
--   ~2,500 per 20,000 events), all but a row's first write being updates of `events`. V002 made their primary keys
--   INCLUDE `events` for index-only report scans, so none of those updates could be HOT: each wrote a new heap tuple and
--   a new key entry, the costliest rollup upserts per row. The reports still find a day's rows by the key's (zone,
--   date_key, collection) prefix and read `events` from the heap: a day's rows are written during that day and share few
--   pages (10M facts over 30 days: top-products p95 8.6 ms, top-countries 7.1, store-views 2.0; BENCHMARKS.md).
-- * session_rollup: its key holds no measure, but its pages are filled by inserts, so an update (a session extended,
--   the quarter's sums moved) found no room on the page: 9 % of them were HOT in a 1M-event load.
-- Free space (fillfactor 70) applies to pages written from now on; the two keys are rebuilt.
ALTER TABLE rollup_product_daily
    DROP CONSTRAINT rollup_product_daily_pkey,
    ADD PRIMARY KEY (zone, date_key, collection, is_bot, product_key),
    SET (fillfactor = 70);
ALTER TABLE rollup_country_store_daily
    DROP CONSTRAINT rollup_country_store_daily_pkey,
    ADD PRIMARY KEY (zone, date_key, collection, is_bot, country_code, store_key),
    SET (fillfactor = 70);
ALTER TABLE session_rollup SET (fillfactor = 70);
