-- {grain} and {period} are filled in by ReportSqlText: the UTC-hour rollup over [from, to), or the daily rollup of the
-- loader's reporting zone and day (zone, date_key) when that day is complete (ReportService).
-- top-countries by the store domain's country (--by store); stores without a country are left out.
WITH per_key AS (
    SELECT r.store_key, sum(r.events) AS views
    FROM rollup_country_store_{grain} r
    WHERE {period}
      AND r.collection IN ({views})
      AND (@include_bots OR NOT r.is_bot)
    GROUP BY r.store_key
)
SELECT s.country_code, sum(k.views)::bigint AS views
FROM per_key k
JOIN dim_store s ON s.store_key = k.store_key
WHERE s.country_code IS NOT NULL
GROUP BY s.country_code
ORDER BY views DESC, s.country_code COLLATE "C"
LIMIT @limit
