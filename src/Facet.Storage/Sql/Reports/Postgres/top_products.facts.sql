-- top-products from fact_events (time zones with non-whole-hour offsets).
SELECT p.product_id, max(p.product_name) AS product_name, count(*)::bigint AS views
FROM fact_events f
JOIN dim_product p ON p.product_key = f.product_key
WHERE f.event_ts >= @from AND f.event_ts < @to
  AND f.collection IN ({views})
  AND (@include_bots OR NOT f.is_bot)
  AND p.product_id IS NOT NULL
GROUP BY p.product_id
ORDER BY views DESC, p.product_id COLLATE "C"
LIMIT @limit
