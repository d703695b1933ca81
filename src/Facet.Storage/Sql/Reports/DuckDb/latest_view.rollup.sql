-- The UTC hour of the most recent views (µs since the epoch), or NULL: resolves --date latest.
SELECT epoch_us(max(hour_utc))
FROM rollup_collection_hourly
WHERE collection IN ({views})
  AND ($include_bots OR NOT is_bot)
  AND events > 0
