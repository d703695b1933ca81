-- {grain} and {period} are filled in by ReportSqlText: the UTC-hour rollup over [from, to), or the daily rollup of the
-- loader's reporting zone and day (zone, date_key) when that day is complete (ReportService).
-- top-products: views per product id that day, ties by product id.
-- Rollup rows are summed per product key before the dimension join: a day has ~10^5 hourly rows but few products.
-- dim_product has one member per product id (its natural key), so no second grouping by product_id is needed.
WITH per_key AS (
    SELECT r.product_key, sum(r.events) AS views
    FROM rollup_product_{grain} r
    WHERE {period}
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
