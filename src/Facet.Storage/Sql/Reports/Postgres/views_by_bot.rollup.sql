-- KPI: views over whole UTC hours in [@from, @to), split by the bot flag.
SELECT is_bot, sum(events)::bigint AS views
FROM rollup_collection_hourly
WHERE hour_utc >= @from AND hour_utc < @to
  AND collection IN ({views})
GROUP BY is_bot
