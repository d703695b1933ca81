-- {grain} and {period} are filled in by ReportSqlText: the UTC-hour rollup over [from, to), or the daily rollup of the
-- loader's reporting zone and day (zone, date_key) when that day is complete (ReportService).
-- top-countries by the shopper's IP country from the country×store rollup; unknown locations ('') are left out.
SELECT r.country_code, sum(r.events)::bigint AS views
FROM rollup_country_store_{grain} r
WHERE {period}
  AND r.collection IN ({views})
  AND ($include_bots OR NOT r.is_bot)
  AND r.country_code <> ''
GROUP BY r.country_code
ORDER BY views DESC, r.country_code
LIMIT $limit
