-- Late facts: a customer or product not seen yet gets an inferred member (version -1), which its own record completes.
INSERT INTO dim_commerce_customer (customer_id, version, is_inferred, first_seen_at, loaded_at)
SELECT s.customer_id, -1, true, min(s.loaded_at), min(s.loaded_at) FROM stage_product_views s
WHERE NOT EXISTS (SELECT 1 FROM dim_commerce_customer d WHERE d.customer_id = s.customer_id)
GROUP BY s.customer_id ORDER BY s.customer_id;
INSERT INTO dim_commerce_product (product_id, version, is_inferred, first_seen_at, loaded_at)
SELECT s.product_id, -1, true, min(s.loaded_at), min(s.loaded_at) FROM stage_product_views s
WHERE NOT EXISTS (SELECT 1 FROM dim_commerce_product d WHERE d.product_id = s.product_id)
GROUP BY s.product_id ORDER BY s.product_id;
-- @count
INSERT INTO fact_product_view SELECT s.* FROM stage_product_views s
WHERE NOT EXISTS (SELECT 1 FROM fact_product_view f WHERE f.view_id = s.view_id) ORDER BY s.view_id;
