-- Late facts: a customer or product not seen yet gets an inferred member (version -1), which its own record completes.
INSERT INTO dim_commerce_customer (customer_id, version, is_inferred, first_seen_at, loaded_at)
SELECT s.customer_id, -1, true, min(s.loaded_at), min(s.loaded_at) FROM stage_orders s
WHERE NOT EXISTS (SELECT 1 FROM dim_commerce_customer d WHERE d.customer_id = s.customer_id)
GROUP BY s.customer_id ORDER BY s.customer_id;
INSERT INTO dim_commerce_product (product_id, version, is_inferred, first_seen_at, loaded_at)
SELECT s.product_id, -1, true, min(s.loaded_at), min(s.loaded_at) FROM stage_order_lines s
WHERE NOT EXISTS (SELECT 1 FROM dim_commerce_product d WHERE d.product_id = s.product_id)
GROUP BY s.product_id ORDER BY s.product_id;
-- Lines first, of orders not stored yet (a stored order is a duplicate, lines and all) ...
INSERT INTO fact_order_line SELECT l.* FROM stage_order_lines l
WHERE NOT EXISTS (SELECT 1 FROM fact_order o WHERE o.order_id = l.order_id)
AND NOT EXISTS (SELECT 1 FROM fact_order_line f WHERE f.order_id = l.order_id AND f.line_number = l.line_number)
ORDER BY l.order_id, l.line_number;
-- ... then the headers, which the count reports.
-- @count
INSERT INTO fact_order SELECT s.* FROM stage_orders s
WHERE NOT EXISTS (SELECT 1 FROM fact_order f WHERE f.order_id = s.order_id) ORDER BY s.order_id;
