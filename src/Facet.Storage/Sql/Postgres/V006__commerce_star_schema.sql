-- Issue 18: the commerce entity streams' star schema (docs/schema.md, "Commerce"). Natural ids are the keys: every
-- entity stream carries its own id, so dedup is an exact primary-key check and a fact can name a dimension member
-- before that member arrives (an inferred member, completed later).

-- Customers: type 1 (one row per customer_id, the newest version wins). version = ticks of the record's
-- updated_at/last_login/account_created, 0 without any, -1 for an inferred member (so any real record completes it).
CREATE TABLE dim_commerce_customer (
    customer_id text PRIMARY KEY,
    name text,
    first_name text,
    last_name text,
    username text,
    email text,
    gender text,
    birth_date date,
    age integer,
    address text,
    home_location text,
    home_country text,
    home_latitude double precision,
    home_longitude double precision,
    device_type text,
    device_id text,
    device_version text,
    account_created_at timestamptz,
    last_login_at timestamptz,
    updated_at timestamptz,
    version bigint NOT NULL,
    is_inferred boolean NOT NULL,
    first_seen_at timestamptz NOT NULL,
    loaded_at timestamptz NOT NULL
);

-- Products: descriptive attributes type 1 (one row per product_id) ...
CREATE TABLE dim_commerce_product (
    product_id text PRIMARY KEY,
    name text,
    category text,
    sub_category text,
    article_type text,
    gender text,
    base_colour text,
    season text,
    year integer,
    usage text,
    supplier text,
    version bigint NOT NULL,
    is_inferred boolean NOT NULL,
    first_seen_at timestamptz NOT NULL,
    loaded_at timestamptz NOT NULL
);

-- ... and price, stock and rating type 2: one row per version, valid over [valid_from, valid_to).
CREATE TABLE dim_commerce_product_version (
    product_id text NOT NULL,
    valid_from timestamptz NOT NULL,
    valid_to timestamptz NOT NULL,
    price numeric(19, 4),
    currency text,
    stock_quantity integer,
    rating numeric(4, 2),
    loaded_at timestamptz NOT NULL,
    PRIMARY KEY (product_id, valid_from)
);

-- Orders: the header's measures stay at the order's grain (promo, shipment fee, stated total): allocating them to
-- lines would invent a split the source does not have and make the sums drift by rounding.
CREATE TABLE fact_order (
    order_id text PRIMARY KEY,
    customer_id text NOT NULL,
    session_id text,
    created_at timestamptz NOT NULL,
    date_key integer NOT NULL,
    status text,
    payment_method text,
    payment_status text,
    currency text,
    line_count integer NOT NULL,
    lines_subtotal numeric(19, 4),
    promo_code text,
    promo_amount numeric(19, 4),
    shipment_fee numeric(19, 4),
    shipment_due_at timestamptz,
    shipment_latitude double precision,
    shipment_longitude double precision,
    total_amount numeric(19, 4),
    expected_total numeric(19, 4),
    total_mismatch boolean NOT NULL,
    loaded_at timestamptz NOT NULL
);
CREATE INDEX fact_order_created_at ON fact_order (created_at);

CREATE TABLE fact_order_line (
    order_id text NOT NULL,
    line_number integer NOT NULL,
    customer_id text NOT NULL,
    product_id text NOT NULL,
    created_at timestamptz NOT NULL,
    date_key integer NOT NULL,
    quantity integer NOT NULL,
    item_price numeric(19, 4),
    line_amount numeric(19, 4),
    currency text,
    status text,
    payment_method text,
    payment_status text,
    loaded_at timestamptz NOT NULL,
    PRIMARY KEY (order_id, line_number)
);
CREATE INDEX fact_order_line_product ON fact_order_line (product_id, created_at);

CREATE TABLE fact_product_view (
    view_id text PRIMARY KEY,
    customer_id text NOT NULL,
    product_id text NOT NULL,
    session_id text,
    viewed_at timestamptz NOT NULL,
    date_key integer NOT NULL,
    view_duration_seconds double precision,
    loaded_at timestamptz NOT NULL
);
CREATE INDEX fact_product_view_viewed_at ON fact_product_view (viewed_at);

CREATE TABLE fact_user_interaction (
    interaction_id text PRIMARY KEY,
    customer_id text NOT NULL,
    product_id text NOT NULL,
    occurred_at timestamptz NOT NULL,
    date_key integer NOT NULL,
    interaction_type text NOT NULL,
    rating integer,
    review_text text,
    details text,
    loaded_at timestamptz NOT NULL
);
CREATE INDEX fact_user_interaction_occurred_at ON fact_user_interaction (occurred_at);

-- Shape B's click stream: the session is a degenerate dimension (its id), traffic source a column (two values today).
CREATE TABLE fact_click_event (
    event_id text PRIMARY KEY,
    session_id text NOT NULL,
    customer_id text,
    event_name text NOT NULL,
    event_time timestamptz NOT NULL,
    date_key integer NOT NULL,
    traffic_source text,
    product_id text,
    quantity integer,
    item_price numeric(19, 4),
    payment_status text,
    search_keywords text,
    promo_code text,
    promo_amount numeric(19, 4),
    metadata_other text,
    loaded_at timestamptz NOT NULL
);
CREATE INDEX fact_click_event_event_time ON fact_click_event (event_time);
CREATE INDEX fact_click_event_session ON fact_click_event (session_id);

-- System logs: one fact row per log event (time, level, service, message); the error-rate report counts them.
CREATE TABLE fact_system_log (
    log_id text PRIMARY KEY,
    logged_at timestamptz NOT NULL,
    date_key integer NOT NULL,
    level text NOT NULL,
    service text,
    message text NOT NULL,
    loaded_at timestamptz NOT NULL
);
CREATE INDEX fact_system_log_logged_at ON fact_system_log (logged_at);
