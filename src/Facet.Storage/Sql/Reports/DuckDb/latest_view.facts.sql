-- The time of the most recent view within one UTC hour (µs since the epoch), for zones with non-whole-hour offsets.
SELECT epoch_us(max(event_ts))
FROM fact_events
WHERE event_ts >= $from AND event_ts < $to
  AND collection IN ({views})
  AND ($include_bots OR NOT is_bot)
