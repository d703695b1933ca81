-- KPI: distinct device ids of zone $zone's day $date_key whose first accepted event that day is before $to.
-- Without bots each device has one row, so a plain count suffices.
SELECT CASE WHEN $include_bots
    THEN (SELECT count(DISTINCT device_id) FROM kpi_devices_daily WHERE zone = $zone AND date_key = $date_key AND first_ts < $to)
    ELSE (SELECT count(*) FROM kpi_devices_daily WHERE zone = $zone AND date_key = $date_key AND NOT is_bot AND first_ts < $to)
END::bigint
