-- Type 1 attributes: the batch's newest version of each product, if newer than the stored one (or inferred).
INSERT INTO dim_commerce_product AS p (product_id, name, category, sub_category, article_type, gender, base_colour, season, year, usage, supplier, version, is_inferred, first_seen_at, loaded_at)
SELECT DISTINCT ON (product_id) product_id, name, category, sub_category, article_type, gender, base_colour, season, year, usage, supplier, version, false, loaded_at, loaded_at AS l2 FROM stage_products ORDER BY product_id, version DESC
ON CONFLICT (product_id) DO UPDATE SET
    name = EXCLUDED.name,
    category = EXCLUDED.category,
    sub_category = EXCLUDED.sub_category,
    article_type = EXCLUDED.article_type,
    gender = EXCLUDED.gender,
    base_colour = EXCLUDED.base_colour,
    season = EXCLUDED.season,
    year = EXCLUDED.year,
    usage = EXCLUDED.usage,
    supplier = EXCLUDED.supplier,
    version = EXCLUDED.version, is_inferred = false, loaded_at = EXCLUDED.loaded_at
WHERE p.version < EXCLUDED.version;
-- Type 2: one row per (product_id, valid_from); a stored version is a duplicate.
-- @count
INSERT INTO dim_commerce_product_version (product_id, valid_from, valid_to, price, currency, stock_quantity, rating, loaded_at)
SELECT product_id, valid_from, TIMESTAMPTZ '9999-12-31 00:00:00+00', price, currency, stock_quantity, rating, loaded_at
FROM stage_products ORDER BY product_id, valid_from
ON CONFLICT (product_id, valid_from) DO NOTHING;
-- valid_to = the next version's valid_from (far future for the newest), recomputed for the batch's products, so a
-- version that arrives out of order slots in between its neighbours.
UPDATE dim_commerce_product_version AS v SET valid_to = n.next_from
FROM (
    SELECT product_id, valid_from,
           coalesce(lead(valid_from) OVER (PARTITION BY product_id ORDER BY valid_from), TIMESTAMPTZ '9999-12-31 00:00:00+00') AS next_from
    FROM dim_commerce_product_version
    WHERE product_id IN (SELECT product_id FROM stage_products)
) AS n
WHERE v.product_id = n.product_id AND v.valid_from = n.valid_from AND v.valid_to <> n.next_from;
