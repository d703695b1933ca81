-- KPI: views in [$from, $to) from fact_events (partial hours at the window's edges), split by the bot flag.
SELECT is_bot, count(*)::bigint AS views
FROM fact_events
WHERE event_ts >= $from AND event_ts < $to
  AND collection IN ({views})
GROUP BY is_bot
