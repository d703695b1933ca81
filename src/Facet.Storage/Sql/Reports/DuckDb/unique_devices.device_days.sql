-- KPI: distinct device ids of zone $zone's day $date_key whose first accepted event that day is before $to.
-- A device has at most one human and one bot row: humans are counted, plus (with bots) the bot rows without a human
-- row in the window — index probes instead of sorting every device id for count(DISTINCT).
SELECT ((SELECT count(*) FROM kpi_devices_daily WHERE zone = $zone AND date_key = $date_key AND NOT is_bot AND first_ts < $to)
  + CASE WHEN $include_bots THEN (
        SELECT count(*) FROM kpi_devices_daily b
        WHERE b.zone = $zone AND b.date_key = $date_key AND b.is_bot AND b.first_ts < $to
          AND NOT EXISTS (SELECT 1 FROM kpi_devices_daily h
                          WHERE h.zone = b.zone AND h.date_key = b.date_key AND NOT h.is_bot AND h.device_id = b.device_id AND h.first_ts < $to))
    ELSE 0 END)::bigint
