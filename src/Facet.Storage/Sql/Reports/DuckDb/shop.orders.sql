-- Commerce reports: every order placed in [from, to) (bucketed on fact_order.created_at), with what the payment
-- outcome is decided from; $country ('' = all) is the customer's home country, compared with the name or its code.
SELECT o.order_id, epoch_us(o.created_at) AS ts_us, o.customer_id, o.session_id,
       o.status, o.payment_method, o.payment_status, o.currency, o.promo_code, o.promo_amount
FROM fact_order o
LEFT JOIN dim_commerce_customer c ON c.customer_id = o.customer_id
WHERE o.created_at >= $from AND o.created_at < $to
  AND ($country = '' OR lower(coalesce(c.home_country, '')) IN ($country, $country_name))
