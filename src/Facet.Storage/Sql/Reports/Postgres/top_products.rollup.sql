-- top-products from the UTC-hour rollup: views per product id over [@from, @to), ties by product id.
SELECT p.product_id, max(p.product_name) AS product_name, sum(r.events)::bigint AS views
FROM rollup_product_hourly r
JOIN dim_product p ON p.product_key = r.product_key
WHERE r.hour_utc >= @from AND r.hour_utc < @to
  AND r.collection IN ({views})
  AND (@include_bots OR NOT r.is_bot)
  AND p.product_id IS NOT NULL
GROUP BY p.product_id
ORDER BY views DESC, p.product_id COLLATE "C"
LIMIT @limit
