-- Which of the batch's click-stream events are stored already (they contribute nothing to a window: a duplicate).
SELECT s.probe_key, CAST(0 AS bigint) FROM stage_window_probe s JOIN fact_click_event e ON e.event_id = s.id;
