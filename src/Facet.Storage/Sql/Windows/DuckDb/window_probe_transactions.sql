-- Which of the batch's orders are stored already (they contribute nothing to a window: a duplicate).
SELECT s.probe_key, CAST(0 AS bigint) FROM stage_window_probe s JOIN fact_order o ON o.order_id = s.id;
