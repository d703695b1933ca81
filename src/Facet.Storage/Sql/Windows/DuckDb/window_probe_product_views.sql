-- Which of the batch's views are stored already.
SELECT s.probe_key, CAST(0 AS bigint) FROM stage_window_probe s JOIN fact_product_view v ON v.view_id = s.id;
