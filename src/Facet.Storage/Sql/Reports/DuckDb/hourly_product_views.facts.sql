-- hourly-product-views from fact_events, per UTC quarter hour (every zone offset is a multiple of 15 minutes).
SELECT (epoch_us(f.event_ts) // 900000000) * 900000000 AS bucket_us, count(*)::bigint AS views
FROM fact_events f
JOIN dim_product p ON p.product_key = f.product_key
WHERE f.event_ts >= $from AND f.event_ts < $to
  AND f.collection IN ({views})
  AND ($include_bots OR NOT f.is_bot)
  AND p.product_id = $product
GROUP BY 1
