-- Type 1 attributes: the batch's newest version of each product, if newer than the stored one (or inferred) ...
UPDATE dim_commerce_product AS p SET
    name = n.name,
    category = n.category,
    sub_category = n.sub_category,
    article_type = n.article_type,
    gender = n.gender,
    base_colour = n.base_colour,
    season = n.season,
    year = n.year,
    usage = n.usage,
    supplier = n.supplier,
    version = n.version, is_inferred = false, loaded_at = n.loaded_at
FROM (SELECT DISTINCT ON (product_id) * FROM stage_products ORDER BY product_id, version DESC) AS n
WHERE p.product_id = n.product_id AND p.version < n.version;
-- ... or a new product.
INSERT INTO dim_commerce_product (product_id, name, category, sub_category, article_type, gender, base_colour, season, year, usage, supplier, version, is_inferred, first_seen_at, loaded_at)
SELECT n.product_id, n.name, n.category, n.sub_category, n.article_type, n.gender, n.base_colour, n.season, n.year, n.usage, n.supplier, n.version, false, n.loaded_at, n.loaded_at
FROM (SELECT DISTINCT ON (product_id) * FROM stage_products ORDER BY product_id, version DESC) AS n
WHERE NOT EXISTS (SELECT 1 FROM dim_commerce_product p WHERE p.product_id = n.product_id) ORDER BY n.product_id;
-- Type 2: one row per (product_id, valid_from); a stored version is a duplicate.
-- @count
INSERT INTO dim_commerce_product_version (product_id, valid_from, valid_to, price, currency, stock_quantity, rating, loaded_at)
SELECT s.product_id, s.valid_from, TIMESTAMPTZ '9999-12-31 00:00:00+00', s.price, s.currency, s.stock_quantity, s.rating, s.loaded_at
FROM stage_products s
WHERE NOT EXISTS (SELECT 1 FROM dim_commerce_product_version v WHERE v.product_id = s.product_id AND v.valid_from = s.valid_from)
ORDER BY s.product_id, s.valid_from;
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
