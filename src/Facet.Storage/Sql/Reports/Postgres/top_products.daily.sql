-- top-products from the reporting-zone daily rollup (zone @zone, day @date_key), ties by product id.
-- Summed per product key before the dimension join; dim_product has one member per product id (its natural key), so
-- no second grouping by product_id is needed.
WITH per_key AS (
    SELECT r.product_key, sum(r.events) AS views
    FROM rollup_product_daily r
    WHERE r.zone = @zone AND r.date_key = @date_key
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
