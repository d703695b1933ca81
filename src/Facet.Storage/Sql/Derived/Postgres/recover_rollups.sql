-- Recovery (DerivedRecovery): the rollup increments of a claimed batch whose rollups trailed it (V026), recounted from
-- its facts (its days with its ingestion time, as recover_session_events.sql finds them) — what its trailing
-- transaction would have added: the same columns Rollups.Count counts, the IP country '' for the Unknown location, the
-- daily tables in the recovering process's reporting zone (stage_derived_rules). Rows go in the one order every
-- trailing transaction writes them in (Rollups.Sum: the key's columns, texts bytewise), so the two never deadlock.
-- A batch marked before V026 (rollups false) wrote its rollups in its own transaction: nothing is staged for it.
CREATE TEMP TABLE IF NOT EXISTS derived_rollup_facts (
    hour_utc     timestamptz NOT NULL,
    date_key     integer NOT NULL,
    collection   text NOT NULL,
    is_bot       boolean NOT NULL,
    product_key  integer NOT NULL,
    store_key    integer NOT NULL,
    country_code text NOT NULL,
    referrer_key integer NOT NULL,
    browser      text NOT NULL,
    os           text NOT NULL
) ON COMMIT DELETE ROWS;

INSERT INTO derived_rollup_facts
SELECT date_trunc('hour', f.event_ts, 'UTC'), to_char(f.event_ts AT TIME ZONE r.zone, 'YYYYMMDD')::integer, f.collection,
       f.is_bot, f.product_key, f.store_key, coalesce(l.country_code, ''), f.referrer_key, u.browser, u.os
FROM derived_claimed c
CROSS JOIN stage_derived_rules r
JOIN fact_events f ON f.event_date = ANY (c.event_dates) AND f.ingested_at = c.ingested_at
JOIN dim_location l ON l.location_key = f.location_key
JOIN dim_user_agent u ON u.user_agent_key = f.user_agent_key
WHERE c.rollups;

INSERT INTO rollup_product_hourly AS t (hour_utc, collection, is_bot, product_key, events)
SELECT hour_utc, collection, is_bot, product_key, count(*) FROM derived_rollup_facts
GROUP BY hour_utc, collection, is_bot, product_key
ORDER BY hour_utc, collection COLLATE "C", is_bot, product_key
ON CONFLICT (hour_utc, collection, is_bot, product_key) DO UPDATE SET events = t.events + EXCLUDED.events;

INSERT INTO rollup_country_store_hourly AS t (hour_utc, collection, is_bot, store_key, country_code, events)
SELECT hour_utc, collection, is_bot, store_key, country_code, count(*) FROM derived_rollup_facts
GROUP BY hour_utc, collection, is_bot, store_key, country_code
ORDER BY hour_utc, collection COLLATE "C", is_bot, store_key, country_code COLLATE "C"
ON CONFLICT (hour_utc, collection, is_bot, store_key, country_code) DO UPDATE SET events = t.events + EXCLUDED.events;

INSERT INTO rollup_referrer_hourly AS t (hour_utc, collection, is_bot, referrer_key, events)
SELECT hour_utc, collection, is_bot, referrer_key, count(*) FROM derived_rollup_facts
GROUP BY hour_utc, collection, is_bot, referrer_key
ORDER BY hour_utc, collection COLLATE "C", is_bot, referrer_key
ON CONFLICT (hour_utc, collection, is_bot, referrer_key) DO UPDATE SET events = t.events + EXCLUDED.events;

INSERT INTO rollup_browser_os_hourly AS t (hour_utc, collection, is_bot, browser, os, events)
SELECT hour_utc, collection, is_bot, browser, os, count(*) FROM derived_rollup_facts
GROUP BY hour_utc, collection, is_bot, browser, os
ORDER BY hour_utc, collection COLLATE "C", is_bot, browser COLLATE "C", os COLLATE "C"
ON CONFLICT (hour_utc, collection, is_bot, browser, os) DO UPDATE SET events = t.events + EXCLUDED.events;

INSERT INTO rollup_collection_hourly AS t (hour_utc, collection, is_bot, events)
SELECT hour_utc, collection, is_bot, count(*) FROM derived_rollup_facts
GROUP BY hour_utc, collection, is_bot
ORDER BY hour_utc, collection COLLATE "C", is_bot
ON CONFLICT (hour_utc, collection, is_bot) DO UPDATE SET events = t.events + EXCLUDED.events;

INSERT INTO rollup_product_daily AS t (zone, date_key, collection, is_bot, product_key, events)
SELECT r.zone, d.date_key, d.collection, d.is_bot, d.product_key, count(*) FROM derived_rollup_facts d CROSS JOIN stage_derived_rules r
GROUP BY r.zone, d.date_key, d.collection, d.is_bot, d.product_key
ORDER BY d.date_key, d.collection COLLATE "C", d.is_bot, d.product_key
ON CONFLICT (zone, date_key, collection, is_bot, product_key) DO UPDATE SET events = t.events + EXCLUDED.events;

INSERT INTO rollup_country_store_daily AS t (zone, date_key, collection, is_bot, store_key, country_code, events)
SELECT r.zone, d.date_key, d.collection, d.is_bot, d.store_key, d.country_code, count(*) FROM derived_rollup_facts d CROSS JOIN stage_derived_rules r
GROUP BY r.zone, d.date_key, d.collection, d.is_bot, d.store_key, d.country_code
ORDER BY d.date_key, d.collection COLLATE "C", d.is_bot, d.store_key, d.country_code COLLATE "C"
ON CONFLICT (zone, date_key, collection, is_bot, store_key, country_code) DO UPDATE SET events = t.events + EXCLUDED.events;

INSERT INTO rollup_collection_daily AS t (zone, date_key, collection, is_bot, events)
SELECT r.zone, d.date_key, d.collection, d.is_bot, count(*) FROM derived_rollup_facts d CROSS JOIN stage_derived_rules r
GROUP BY r.zone, d.date_key, d.collection, d.is_bot
ORDER BY d.date_key, d.collection COLLATE "C", d.is_bot
ON CONFLICT (zone, date_key, collection, is_bot) DO UPDATE SET events = t.events + EXCLUDED.events;
