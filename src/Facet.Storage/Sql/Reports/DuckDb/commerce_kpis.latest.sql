-- Commerce KPIs (issue 18), date=latest: the newest order time (µs since the epoch), else the newest click-stream
-- event time, else NULL (no commerce data yet).
SELECT epoch_us(coalesce((SELECT max(created_at) FROM fact_order), (SELECT max(event_time) FROM fact_click_event)))
