-- KPI: distinct device ids with any accepted event in [@from, @to).
SELECT count(DISTINCT device_id)::bigint
FROM fact_events
WHERE event_ts >= @from AND event_ts < @to
  AND (@include_bots OR NOT is_bot)
  AND device_id IS NOT NULL
