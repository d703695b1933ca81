-- Late facts: a customer or product not seen yet gets an inferred member (version -1), which its own record completes.
INSERT INTO dim_commerce_customer (customer_id, version, is_inferred, first_seen_at, loaded_at)
SELECT s.customer_id, -1, true, min(s.loaded_at), min(s.loaded_at) FROM stage_user_interactions s 
GROUP BY s.customer_id ORDER BY s.customer_id
ON CONFLICT (customer_id) DO NOTHING;
INSERT INTO dim_commerce_product (product_id, version, is_inferred, first_seen_at, loaded_at)
SELECT s.product_id, -1, true, min(s.loaded_at), min(s.loaded_at) FROM stage_user_interactions s 
GROUP BY s.product_id ORDER BY s.product_id
ON CONFLICT (product_id) DO NOTHING;
-- @count
INSERT INTO fact_user_interaction SELECT * FROM stage_user_interactions ORDER BY interaction_id
ON CONFLICT (interaction_id) DO NOTHING;
