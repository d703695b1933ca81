-- Late facts: a customer or product not seen yet gets an inferred member (version -1), which its own record completes.
INSERT INTO dim_commerce_customer (customer_id, version, is_inferred, first_seen_at, loaded_at)
SELECT s.customer_id, -1, true, min(s.loaded_at), min(s.loaded_at) FROM stage_orders s 
GROUP BY s.customer_id ORDER BY s.customer_id
ON CONFLICT (customer_id) DO NOTHING;
INSERT INTO dim_commerce_product (product_id, version, is_inferred, first_seen_at, loaded_at)
SELECT s.product_id, -1, true, min(s.loaded_at), min(s.loaded_at) FROM stage_order_lines s 
GROUP BY s.product_id ORDER BY s.product_id
ON CONFLICT (product_id) DO NOTHING;
-- Headers first, of orders not stored yet (a stored order is a duplicate, lines and all); their ids are kept for the
-- lines, and the count reports them.
CREATE TEMP TABLE IF NOT EXISTS stage_new_orders (order_id text) ON COMMIT DELETE ROWS;
-- @count
WITH inserted AS (
    INSERT INTO fact_order SELECT * FROM stage_orders ORDER BY order_id
    ON CONFLICT (order_id) DO NOTHING
    RETURNING order_id)
INSERT INTO stage_new_orders SELECT order_id FROM inserted;
-- ... then the lines of exactly those orders. An anti-join against fact_order (NOT EXISTS) planned as a hash join over
-- every stored order per batch, growing with the warehouse; and a new order has no stored line, so no ON CONFLICT.
INSERT INTO fact_order_line SELECT l.* FROM stage_order_lines l
WHERE l.order_id IN (SELECT n.order_id FROM stage_new_orders n)
ORDER BY l.order_id, l.line_number;
