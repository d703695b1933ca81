-- Facet warehouse, DuckDB, version 1: the star schema, bad events, checkpoints, hourly rollups, pipeline log.
-- Applied by MigrationRunner inside one transaction with schema_version; see docs/schema.md.
-- Every dimension has an Unknown member with key 0 (natural_key '').

CREATE TABLE dim_date (
    date_key        integer PRIMARY KEY,          -- yyyymmdd; 0 = Unknown
    full_date       date,
    day_of_week     smallint NOT NULL,            -- ISO: 1 = Monday … 7 = Sunday
    day_name        text NOT NULL,
    is_weekend      boolean NOT NULL,
    day_of_month    smallint NOT NULL,
    day_of_year     smallint NOT NULL,
    iso_week        smallint NOT NULL,
    iso_year        smallint NOT NULL,
    month           smallint NOT NULL,
    month_name      text NOT NULL,
    quarter         smallint NOT NULL,
    year            smallint NOT NULL
);
INSERT INTO dim_date VALUES (0, NULL, 0, 'Unknown', false, 0, 0, 0, 0, 0, 'Unknown', 0, 0);
INSERT INTO dim_date
SELECT CAST(strftime(d, '%Y%m%d') AS INTEGER), d,
       isodow(d), dayname(d), isodow(d) >= 6,
       dayofmonth(d), dayofyear(d),
       weekofyear(d), isoyear(d),
       month(d), monthname(d), quarter(d),
       year(d)
FROM (SELECT CAST(range AS DATE) AS d FROM range(DATE '1990-01-01', DATE '2100-01-01', INTERVAL 1 DAY));

-- Dimensions: natural_key is the canonical text of the member's attributes (unique), so one set-based
-- INSERT … ON CONFLICT (natural_key) DO NOTHING serves every dimension.
CREATE SEQUENCE dim_product_seq START 1;
CREATE TABLE dim_product (
    product_key     integer PRIMARY KEY DEFAULT nextval('dim_product_seq'),
    natural_key     text NOT NULL UNIQUE,
    product_id      text,
    product_name    text,
    first_url       text,
    first_seen_at   timestamptz
);
INSERT INTO dim_product (product_key, natural_key, product_id, product_name) VALUES (0, '', NULL, 'Unknown');

CREATE SEQUENCE dim_store_seq START 1;
CREATE TABLE dim_store (
    store_key       integer PRIMARY KEY DEFAULT nextval('dim_store_seq'),
    natural_key     text NOT NULL UNIQUE,
    store_id        text,
    domain          text,
    country_code    text,
    language        text
);
INSERT INTO dim_store (store_key, natural_key, domain) VALUES (0, '', 'Unknown');

CREATE SEQUENCE dim_location_seq START 1;
CREATE TABLE dim_location (
    location_key    integer PRIMARY KEY DEFAULT nextval('dim_location_seq'),
    natural_key     text NOT NULL UNIQUE,
    country_code    text,
    country_name    text,
    region          text,
    city            text
);
INSERT INTO dim_location (location_key, natural_key, country_name) VALUES (0, '', 'Unknown');

CREATE SEQUENCE dim_user_agent_seq START 1;
CREATE TABLE dim_user_agent (
    user_agent_key  integer PRIMARY KEY DEFAULT nextval('dim_user_agent_seq'),
    natural_key     text NOT NULL UNIQUE,
    browser         text NOT NULL,
    browser_version text,
    os              text NOT NULL,
    os_version      text,
    device_family   text NOT NULL,
    device_brand    text,
    device_model    text,
    device_type     text NOT NULL,
    is_bot          boolean NOT NULL
);
INSERT INTO dim_user_agent (user_agent_key, natural_key, browser, os, device_family, device_type, is_bot)
VALUES (0, '', 'Other', 'Other', 'Other', 'other', false);

CREATE SEQUENCE dim_referrer_seq START 1;
CREATE TABLE dim_referrer (
    referrer_key    integer PRIMARY KEY DEFAULT nextval('dim_referrer_seq'),
    natural_key     text NOT NULL UNIQUE,
    host            text NOT NULL,
    medium          text NOT NULL
);
INSERT INTO dim_referrer (referrer_key, natural_key, host, medium) VALUES (0, '', 'Unknown', 'unknown');

CREATE SEQUENCE dim_customer_seq START 1;
CREATE TABLE dim_customer (
    customer_key    integer PRIMARY KEY DEFAULT nextval('dim_customer_seq'),
    natural_key     text NOT NULL UNIQUE,
    device_id       text,
    user_id_db      text,
    email_hash      text,                         -- hex SHA-256 of salt + lowercased address
    email           text                          -- clear text only when WarehouseOptions.StoreClearTextEmail
);
INSERT INTO dim_customer (customer_key, natural_key) VALUES (0, '');

-- One row per distinct accepted event. The unique key is
-- (event_key, event_date): an id re-sent with a timestamp on another UTC day is a different fact (docs/schema.md).
CREATE TABLE fact_events (
    event_key       uuid NOT NULL,                -- event_id when it is a UUID, else a name-based UUID of it
    event_date      date NOT NULL,                -- UTC day of event_ts (part of the unique key, as on PostgreSQL)
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
    source_offset   bigint NOT NULL,              -- Kafka offset or 1-based line
    PRIMARY KEY (event_key, event_date)
);

CREATE VIEW fact_product_views AS SELECT * FROM fact_events WHERE collection = 'view_product_detail';

CREATE TABLE bad_events (
    source          text NOT NULL,
    source_partition integer NOT NULL,
    source_offset   bigint NOT NULL,
    received_at     timestamptz NOT NULL,
    reason_code     text NOT NULL,
    message         text NOT NULL,
    field           text,
    raw             blob NOT NULL,
    PRIMARY KEY (source, source_partition, source_offset)
);

CREATE TABLE stream_checkpoints (
    consumer_group  text NOT NULL,
    topic           text NOT NULL,
    partition       integer NOT NULL,
    next_offset     bigint NOT NULL,
    updated_at      timestamptz NOT NULL,
    PRIMARY KEY (consumer_group, topic, partition)
);

-- Hourly rollups: keyed by the UTC hour so reports can use any whole-hour time zone; counts only inserted facts.
CREATE TABLE rollup_product_hourly (
    hour_utc        timestamptz NOT NULL,
    collection      text NOT NULL,
    is_bot          boolean NOT NULL,
    product_key     integer NOT NULL,
    events          bigint NOT NULL,
    PRIMARY KEY (hour_utc, collection, is_bot, product_key)
);
CREATE TABLE rollup_location_store_hourly (
    hour_utc        timestamptz NOT NULL,
    collection      text NOT NULL,
    is_bot          boolean NOT NULL,
    location_key    integer NOT NULL,
    store_key       integer NOT NULL,
    events          bigint NOT NULL,
    PRIMARY KEY (hour_utc, collection, is_bot, location_key, store_key)
);
CREATE TABLE rollup_referrer_hourly (
    hour_utc        timestamptz NOT NULL,
    collection      text NOT NULL,
    is_bot          boolean NOT NULL,
    referrer_key    integer NOT NULL,
    events          bigint NOT NULL,
    PRIMARY KEY (hour_utc, collection, is_bot, referrer_key)
);
CREATE TABLE rollup_browser_os_hourly (
    hour_utc        timestamptz NOT NULL,
    collection      text NOT NULL,
    is_bot          boolean NOT NULL,
    browser         text NOT NULL,
    os              text NOT NULL,
    events          bigint NOT NULL,
    PRIMARY KEY (hour_utc, collection, is_bot, browser, os)
);
CREATE TABLE rollup_collection_hourly (
    hour_utc        timestamptz NOT NULL,
    collection      text NOT NULL,
    is_bot          boolean NOT NULL,
    events          bigint NOT NULL,
    PRIMARY KEY (hour_utc, collection, is_bot)
);

-- A bounded log of committed batches (pruned to the last hour by the loader) for the dashboard's pipeline panel.
CREATE SEQUENCE pipeline_batches_seq START 1;
CREATE TABLE pipeline_batches (
    batch_id        bigint PRIMARY KEY DEFAULT nextval('pipeline_batches_seq'),
    worker_id       text NOT NULL,
    started_at      timestamptz NOT NULL,
    committed_at    timestamptz NOT NULL,
    consumed        integer NOT NULL,
    inserted        integer NOT NULL,
    duplicates      integer NOT NULL,
    rejected        integer NOT NULL,
    consumer_lag    bigint,
    max_event_ts    timestamptz
);
CREATE INDEX pipeline_batches_committed_at ON pipeline_batches (committed_at);
