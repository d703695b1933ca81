-- facet windows recompute (issue 20): the stored orders a recomputed definition of source transactions reads, in
-- the columns of WindowFactSource.Transactions; times as epoch microseconds.
SELECT o.order_id, o.customer_id, o.session_id, epoch_us(o.created_at), o.status, o.payment_method, o.payment_status, o.currency,
       o.total_amount, o.lines_subtotal, o.promo_amount, o.shipment_fee, o.line_count
FROM fact_order o
WHERE EXISTS (SELECT 1 FROM stage_window_recompute r WHERE r.source = 'transactions' AND o.created_at >= r.facts_from AND o.created_at < r.facts_to)
ORDER BY o.created_at, o.order_id;
