-- facet windows recompute (issue 20): the stored order lines a recomputed definition of source transaction_lines
-- reads, in the columns of WindowFactSource.TransactionLines; times as epoch microseconds.
SELECT l.order_id, l.line_number, l.customer_id, l.product_id, l.quantity, l.item_price, l.line_amount, epoch_us(l.created_at),
       l.status, l.payment_method, l.currency
FROM fact_order_line l
WHERE EXISTS (SELECT 1 FROM stage_window_recompute r WHERE r.source = 'transaction_lines' AND l.created_at >= r.facts_from AND l.created_at < r.facts_to)
ORDER BY l.created_at, l.order_id, l.line_number;
