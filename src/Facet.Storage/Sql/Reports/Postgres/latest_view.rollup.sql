-- The UTC hour of the most recent views (µs since the epoch), or NULL: resolves --date latest.
SELECT (extract(epoch FROM max(hour_utc)) * 1000000)::bigint
FROM rollup_collection_hourly
WHERE collection IN ({views})
  AND (@include_bots OR NOT is_bot)
  AND events > 0
