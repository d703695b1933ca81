-- Version 22 (issue 22): fact_events loses its primary key on DuckDB. DuckDB keeps a primary key as an ART index that
-- every batch's appender checks and extends, that each commit merges into the table's index and each checkpoint
-- writes out again; the index enforced nothing the loader does not already ensure. Each event stays stored once:
-- * the loader drops repeats of (event_key, event_date) within a batch, then one join of the batch's keys against
--   fact_events finds those already stored and appends only the others (DuckDbBatchTransaction.InsertFactsAsync);
-- * nothing else inserts into fact_events, and a DuckDB file has one writer: DuckDB's file lock between processes, the
--   warehouse's write gate within one, so no other batch commits between that join and the append.
-- As V012 did for the window tables. 1M events, two rounds each: `facet load` 21,391 -> 24,482 events/s, facet 57.2 ->
-- 50.5 us of CPU per event; `facet run` 19,163-20,177 -> 22,660-22,709 messages/s (BENCHMARKS.md).
-- PostgreSQL keeps its unique index: it is the dedup check of its optimistic COPY (docs/schema.md), and its V022 only
-- records the version.
-- The table is rebuilt (DuckDB cannot drop a primary key), its rows in their stored order, and the view over it made
-- again as V001 made it.
CREATE TABLE fact_events_v022 (
    event_key       uuid NOT NULL,                -- event_id when it is a UUID, else a name-based UUID of it
    event_date      date NOT NULL,                -- UTC day of event_ts (part of the dedup key, as on PostgreSQL)
    event_id        text NOT NULL,
    source_doc_id   text,
    event_ts        timestamptz NOT NULL,
    date_key        integer NOT NULL,             -- yyyymmdd in the reporting time zone
    hour            smallint NOT NULL,            -- 0–23 in the reporting time zone
    collection      text NOT NULL,
    product_key     integer NOT NULL,
    store_key       integer NOT NULL,
    location_key    integer NOT NULL,
    user_agent_key  integer NOT NULL,
    referrer_key    integer NOT NULL,
    customer_key    integer NOT NULL,
    device_id       text,
    ip              text,                         -- per WarehouseOptions.IpStorage (none by default)
    resolution      text,
    api_version     text,
    current_url     text,
    referrer_url    text,
    options         json,
    cart_products   json,
    utm_source      text,
    utm_medium      text,
    utm_campaign    text,
    utm_term        text,
    utm_content     text,
    click_id_type   text,
    click_id        text,
    price           decimal(38,6),
    price_raw       text,
    currency        text,
    order_id        text,
    key_search      text,
    cat_id          text,
    collect_id      text,
    recommendation_product_id       text,
    recommendation_product_position integer,
    recommendation_clicked_position integer,
    show_recommendation boolean,
    recommendation  boolean,
    is_paypal       boolean,
    local_time      text,
    is_bot          boolean NOT NULL,
    time_fallback   boolean NOT NULL,             -- event_ts came from local_time
    extra           json,                        -- fields Facet does not model, verbatim
    ingested_at     timestamptz NOT NULL,
    source          text NOT NULL,                -- lineage: Kafka topic or file
    source_partition integer NOT NULL,            -- -1 for files
    source_offset   bigint NOT NULL               -- Kafka offset or 1-based line
);
INSERT INTO fact_events_v022 SELECT * FROM fact_events;
DROP VIEW fact_product_views;
DROP TABLE fact_events;
ALTER TABLE fact_events_v022 RENAME TO fact_events;
CREATE VIEW fact_product_views AS SELECT * FROM fact_events WHERE collection = 'view_product_detail';
