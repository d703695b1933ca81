-- {grain} and {period} are filled in by ReportSqlText: the UTC-hour rollup over [from, to), or the daily rollup of the
-- loader's reporting zone and day (zone, date_key) when that day is complete (ReportService).
-- store-views: every store with views from shoppers in $country (IP country), most views first, ties by store id.
-- Country×store rollup: the country is part of the key, so only its rows are read, summed per store key before the join.
WITH per_key AS (
    SELECT r.store_key, sum(r.events) AS views
    FROM rollup_country_store_{grain} r
    WHERE {period}
      AND r.collection IN ({views})
      AND ($include_bots OR NOT r.is_bot)
      AND r.country_code = $country
      AND r.store_key <> 0
    GROUP BY r.store_key
)
SELECT s.store_id, s.domain, sum(k.views)::bigint AS views
FROM per_key k
JOIN dim_store s ON s.store_key = k.store_key
GROUP BY s.store_id, s.domain
ORDER BY views DESC, s.store_id NULLS LAST, s.domain NULLS LAST
LIMIT $limit
