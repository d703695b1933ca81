-- Late facts: a customer or product not seen yet gets an inferred member (version -1), which its own record completes.
INSERT INTO dim_commerce_customer (customer_id, version, is_inferred, first_seen_at, loaded_at)
SELECT s.customer_id, -1, true, min(s.loaded_at), min(s.loaded_at) FROM stage_click_events s WHERE s.customer_id IS NOT NULL
GROUP BY s.customer_id ORDER BY s.customer_id
ON CONFLICT (customer_id) DO NOTHING;
INSERT INTO dim_commerce_product (product_id, version, is_inferred, first_seen_at, loaded_at)
SELECT s.product_id, -1, true, min(s.loaded_at), min(s.loaded_at) FROM stage_click_events s WHERE s.product_id IS NOT NULL
GROUP BY s.product_id ORDER BY s.product_id
ON CONFLICT (product_id) DO NOTHING;
-- @count
INSERT INTO fact_click_event SELECT * FROM stage_click_events ORDER BY event_id
ON CONFLICT (event_id) DO NOTHING;
