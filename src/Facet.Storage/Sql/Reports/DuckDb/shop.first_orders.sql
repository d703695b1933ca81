-- new-vs-returning: when each customer with an order in [from, to) first paid successfully, ever (the same rule as
-- the reports' "successful": payment success, or no payment status and status completed; never failed or cancelled).
SELECT f.customer_id, epoch_us(min(f.created_at)) AS first_us
FROM fact_order f
WHERE f.customer_id IN (SELECT o.customer_id FROM fact_order o WHERE o.created_at >= $from AND o.created_at < $to)
  AND (f.payment_status = 'success' OR (f.payment_status IS NULL AND f.status = 'completed'))
  AND coalesce(f.status, '') <> 'cancelled'
GROUP BY f.customer_id
