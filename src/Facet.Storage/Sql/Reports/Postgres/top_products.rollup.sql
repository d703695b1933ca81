-- top-products from the UTC-hour rollup: views per product id over [@from, @to), ties by product id.
-- Rollup rows are summed per product key before the dimension join: a day has ~10^5 rollup rows but few products.
-- dim_product has one member per product id (its natural key), so no second grouping by product_id is needed.
WITH per_key AS (
    SELECT r.product_key, sum(r.events) AS views
    FROM rollup_product_hourly r
    WHERE r.hour_utc >= @from AND r.hour_utc < @to
      AND r.collection IN ({views})
      AND (@include_bots OR NOT r.is_bot)
    GROUP BY r.product_key
)
SELECT p.product_id, p.product_name, k.views::bigint AS views
FROM per_key k
JOIN dim_product p ON p.product_key = k.product_key
WHERE p.product_id IS NOT NULL
ORDER BY views DESC, p.product_id COLLATE "C"
LIMIT @limit
