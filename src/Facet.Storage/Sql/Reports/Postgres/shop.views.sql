-- view-duration: product views in [from, to) (bucketed on viewed_at) per product: views, and the count and sum of the
-- durations given (C# divides and rounds, so both backends answer alike).
SELECT v.product_id, p.name, count(*) AS views, count(v.view_duration_seconds) AS timed, coalesce(sum(v.view_duration_seconds), 0) AS seconds
FROM fact_product_view v
LEFT JOIN dim_commerce_product p ON p.product_id = v.product_id
LEFT JOIN dim_commerce_customer c ON c.customer_id = v.customer_id
WHERE v.viewed_at >= @from AND v.viewed_at < @to
  AND (@country = '' OR lower(coalesce(c.home_country, '')) IN (@country, @country_name))
  AND (@category = '' OR lower(coalesce(p.category, '')) = @category)
GROUP BY v.product_id, p.name
