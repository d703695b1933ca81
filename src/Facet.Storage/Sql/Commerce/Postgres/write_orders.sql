-- Late facts: a customer or product not seen yet gets an inferred member (version -1), which its own record completes.
INSERT INTO dim_commerce_customer (customer_id, version, is_inferred, first_seen_at, loaded_at)
SELECT s.customer_id, -1, true, min(s.loaded_at), min(s.loaded_at) FROM stage_orders s 
GROUP BY s.customer_id ORDER BY s.customer_id
ON CONFLICT (customer_id) DO NOTHING;
INSERT INTO dim_commerce_product (product_id, version, is_inferred, first_seen_at, loaded_at)
SELECT s.product_id, -1, true, min(s.loaded_at), min(s.loaded_at) FROM stage_order_lines s 
GROUP BY s.product_id ORDER BY s.product_id
ON CONFLICT (product_id) DO NOTHING;
-- Lines first, of orders not stored yet (a stored order is a duplicate, lines and all) ...
INSERT INTO fact_order_line SELECT l.* FROM stage_order_lines l
WHERE NOT EXISTS (SELECT 1 FROM fact_order o WHERE o.order_id = l.order_id)
ORDER BY l.order_id, l.line_number
ON CONFLICT (order_id, line_number) DO NOTHING;
-- ... then the headers, which the count reports.
-- @count
INSERT INTO fact_order SELECT * FROM stage_orders ORDER BY order_id
ON CONFLICT (order_id) DO NOTHING;
