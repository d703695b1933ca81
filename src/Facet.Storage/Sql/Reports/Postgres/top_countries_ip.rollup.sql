-- top-countries by the shopper's IP country from the UTC-hour country×store rollup; unknown locations ('') are left out.
SELECT r.country_code, sum(r.events)::bigint AS views
FROM rollup_country_store_hourly r
WHERE r.hour_utc >= @from AND r.hour_utc < @to
  AND r.collection IN ({views})
  AND (@include_bots OR NOT r.is_bot)
  AND r.country_code <> ''
GROUP BY r.country_code
ORDER BY views DESC, r.country_code COLLATE "C"
LIMIT @limit
