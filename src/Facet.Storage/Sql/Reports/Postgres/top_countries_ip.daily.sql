-- top-countries by the shopper's IP country from the reporting-zone daily rollup (zone @zone, day @date_key).
SELECT r.country_code, sum(r.events)::bigint AS views
FROM rollup_country_store_daily r
WHERE r.zone = @zone AND r.date_key = @date_key
  AND r.collection IN ({views})
  AND (@include_bots OR NOT r.is_bot)
  AND r.country_code <> ''
GROUP BY r.country_code
ORDER BY views DESC, r.country_code COLLATE "C"
LIMIT @limit
