-- Which of the batch's product versions (product_id, valid_from) are stored already.
SELECT s.probe_key, CAST(0 AS bigint) FROM stage_window_probe s JOIN dim_commerce_product_version v ON v.product_id = s.id AND v.valid_from = s.probed_at;
