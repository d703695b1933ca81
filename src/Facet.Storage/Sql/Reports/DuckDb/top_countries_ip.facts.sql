-- top-countries by the shopper's IP country, from fact_events.
SELECT l.country_code, count(*)::bigint AS views
FROM fact_events f
JOIN dim_location l ON l.location_key = f.location_key
WHERE f.event_ts >= $from AND f.event_ts < $to
  AND f.collection IN ({views})
  AND ($include_bots OR NOT f.is_bot)
  AND l.country_code IS NOT NULL
GROUP BY l.country_code
ORDER BY views DESC, l.country_code
LIMIT $limit
