-- Commerce reports: the lines of every order placed in [from, to) (read through fact_order's created_at index). The
-- price is the line's own (the price at order time); a line without one takes the product version valid at the
-- order's time (SCD type 2). Category and name are the product's (type 1). @category ('' = all) is lower case.
SELECT o.order_id, (extract(epoch FROM o.created_at) * 1000000)::bigint AS ts_us, l.product_id, p.name, p.category,
       l.quantity, coalesce(l.item_price, v.price) AS price, coalesce(o.currency, l.currency, v.currency) AS currency,
       o.status, o.payment_status
FROM fact_order o
JOIN fact_order_line l ON l.order_id = o.order_id
LEFT JOIN dim_commerce_product p ON p.product_id = l.product_id
LEFT JOIN dim_commerce_product_version v ON v.product_id = l.product_id AND v.valid_from <= o.created_at AND o.created_at < v.valid_to
LEFT JOIN dim_commerce_customer c ON c.customer_id = o.customer_id
WHERE o.created_at >= @from AND o.created_at < @to
  AND (@country = '' OR lower(coalesce(c.home_country, '')) IN (@country, @country_name))
  AND (@category = '' OR lower(coalesce(p.category, '')) = @category)
