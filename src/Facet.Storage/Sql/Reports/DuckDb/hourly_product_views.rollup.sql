-- hourly-product-views: views of one product per UTC hour (µs since the epoch); mapped to local hours in C#.
SELECT epoch_us(r.hour_utc) AS bucket_us, sum(r.events)::bigint AS views
FROM rollup_product_hourly r
JOIN dim_product p ON p.product_key = r.product_key
WHERE r.hour_utc >= $from AND r.hour_utc < $to
  AND r.collection IN ({views})
  AND ($include_bots OR NOT r.is_bot)
  AND p.product_id = $product
GROUP BY r.hour_utc
