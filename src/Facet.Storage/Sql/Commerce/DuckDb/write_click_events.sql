-- Late facts: a customer or product not seen yet gets an inferred member (version -1), which its own record completes.
INSERT INTO dim_commerce_customer (customer_id, version, is_inferred, first_seen_at, loaded_at)
SELECT s.customer_id, -1, true, min(s.loaded_at), min(s.loaded_at) FROM stage_click_events s
WHERE s.customer_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM dim_commerce_customer d WHERE d.customer_id = s.customer_id)
GROUP BY s.customer_id ORDER BY s.customer_id;
INSERT INTO dim_commerce_product (product_id, version, is_inferred, first_seen_at, loaded_at)
SELECT s.product_id, -1, true, min(s.loaded_at), min(s.loaded_at) FROM stage_click_events s
WHERE s.product_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM dim_commerce_product d WHERE d.product_id = s.product_id)
GROUP BY s.product_id ORDER BY s.product_id;
-- @count
INSERT INTO fact_click_event SELECT s.* FROM stage_click_events s
WHERE NOT EXISTS (SELECT 1 FROM fact_click_event f WHERE f.event_id = s.event_id) ORDER BY s.event_id;
