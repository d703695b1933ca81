-- The product versions of one batch (ProductWriter writes the columns in this order).
CREATE TEMP TABLE IF NOT EXISTS stage_products (
    product_id text,
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
    price numeric(19, 4),
    currency text,
    stock_quantity integer,
    rating numeric(4, 2),
    valid_from timestamptz,
    version bigint,
    loaded_at timestamptz
) ON COMMIT DELETE ROWS;
