-- 1 when the daily rollups of zone $zone hold every fact of its local day $date_key = [$from, $to): their total equals
-- the UTC-hour rollup's over that range (facts loaded in another reporting zone reach only the hourly rollups), else 0.
SELECT CASE WHEN
    (SELECT coalesce(sum(events), 0) FROM rollup_collection_daily WHERE zone = $zone AND date_key = $date_key)
  = (SELECT coalesce(sum(events), 0) FROM rollup_collection_hourly WHERE hour_utc >= $from AND hour_utc < $to)
THEN 1 ELSE 0 END
