-- Facet warehouse, PostgreSQL, version 2 (issue 9): rollups at the grain the reports read, so each report reads a
-- few thousand rows (docs/schema.md, docs/reports.md).
-- * rollup_country_store_hourly replaces rollup_location_store_hourly: nothing reports below the country.
-- * Daily rollups keyed by (zone, date_key): the loader's reporting time zone (its IANA id) and fact_events.date_key.
--   rollup_collection_daily tells whether a zone's day is complete: it is when its total equals the UTC-hour rollup
--   over the same UTC range (a loader in another zone adds to the hourly rollups but not to this zone's daily ones).
-- * kpi_devices_daily: the distinct device ids of each zone day, for the unique-devices KPI.
-- Every rollup counts only inserted facts. Existing facts are back-filled in zone 'UTC' (their UTC day, event_date):
-- the zone their date_key was computed in is not recorded, and event_ts is exact.
-- The back-fills insert in primary key order (ORDER BY): appending to the index instead of inserting at random pages
-- (a hash aggregate's order) is about twice as fast on millions of rows, with the same rows.

CREATE TABLE rollup_country_store_hourly (
    hour_utc        timestamptz NOT NULL,
    collection      text NOT NULL,
    is_bot          boolean NOT NULL,
    store_key       integer NOT NULL,
    country_code    text NOT NULL,                -- IP country of dim_location; '' = unknown
    events          bigint NOT NULL,
    PRIMARY KEY (hour_utc, collection, is_bot, country_code, store_key)
);
INSERT INTO rollup_country_store_hourly
SELECT date_trunc('hour', f.event_ts AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', f.collection, f.is_bot, f.store_key, coalesce(l.country_code, ''), count(*)
FROM fact_events f
JOIN dim_location l ON l.location_key = f.location_key
GROUP BY 1, 2, 3, 4, 5
ORDER BY 1, 2, 3, 5, 4;
DROP TABLE rollup_location_store_hourly;

CREATE TABLE rollup_product_daily (
    zone            text NOT NULL,                -- the loader's reporting time zone (IANA id)
    date_key        integer NOT NULL,             -- yyyymmdd in that zone
    collection      text NOT NULL,
    is_bot          boolean NOT NULL,
    product_key     integer NOT NULL,
    events          bigint NOT NULL,
    PRIMARY KEY (zone, date_key, collection, is_bot, product_key) INCLUDE (events)  -- index-only scans of a day
);
INSERT INTO rollup_product_daily
SELECT 'UTC', to_char(event_date, 'YYYYMMDD')::integer, collection, is_bot, product_key, count(*)
FROM fact_events
GROUP BY 2, 3, 4, 5
ORDER BY 2, 3, 4, 5;

CREATE TABLE rollup_country_store_daily (
    zone            text NOT NULL,
    date_key        integer NOT NULL,
    collection      text NOT NULL,
    is_bot          boolean NOT NULL,
    store_key       integer NOT NULL,
    country_code    text NOT NULL,
    events          bigint NOT NULL,
    PRIMARY KEY (zone, date_key, collection, is_bot, country_code, store_key) INCLUDE (events)
);
INSERT INTO rollup_country_store_daily
SELECT 'UTC', to_char(f.event_date, 'YYYYMMDD')::integer, f.collection, f.is_bot, f.store_key, coalesce(l.country_code, ''), count(*)
FROM fact_events f
JOIN dim_location l ON l.location_key = f.location_key
GROUP BY 2, 3, 4, 5, 6
ORDER BY 2, 3, 4, 6, 5;

CREATE TABLE rollup_collection_daily (
    zone            text NOT NULL,
    date_key        integer NOT NULL,
    collection      text NOT NULL,
    is_bot          boolean NOT NULL,
    events          bigint NOT NULL,
    PRIMARY KEY (zone, date_key, collection, is_bot)
);
INSERT INTO rollup_collection_daily
SELECT 'UTC', to_char(event_date, 'YYYYMMDD')::integer, collection, is_bot, count(*)
FROM fact_events
GROUP BY 2, 3, 4;

-- One row per (zone day, bot flag, device id) with an accepted event, and the first such event's time (so a window
-- ending "now" excludes devices seen only later that day): the KPI counts these rows, not the day's facts.
CREATE TABLE kpi_devices_daily (
    zone            text NOT NULL,
    date_key        integer NOT NULL,
    is_bot          boolean NOT NULL,
    device_id       text NOT NULL,
    first_ts        timestamptz NOT NULL,
    PRIMARY KEY (zone, date_key, is_bot, device_id) INCLUDE (first_ts)  -- the KPI counts from the index alone
);
INSERT INTO kpi_devices_daily
SELECT 'UTC', to_char(event_date, 'YYYYMMDD')::integer, is_bot, device_id, min(event_ts)
FROM fact_events
WHERE device_id IS NOT NULL
GROUP BY 2, 3, 4
ORDER BY 2, 3, 4;
