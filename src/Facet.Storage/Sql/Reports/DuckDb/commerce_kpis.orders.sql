-- Commerce KPIs (issue 18): orders placed in [from, to) per currency. Revenue is the merchandise amount (quantity ×
-- item price of the lines) of orders whose payment succeeded; with a category, only that category's lines count and
-- only orders holding one. The country is the customer's home country (type 1: the current value). An empty
-- category or country means "any". Currencies are never summed together.
WITH orders AS (
    SELECT o.order_id, o.currency, o.payment_status
    FROM fact_order o
    LEFT JOIN dim_commerce_customer c ON c.customer_id = o.customer_id
    WHERE o.created_at >= $from AND o.created_at < $to
      AND ($country = '' OR c.home_country = $country)
), lines AS (
    SELECT l.order_id, sum(l.line_amount) AS amount, sum(l.quantity) AS units
    FROM fact_order_line l
    JOIN orders o ON o.order_id = l.order_id
    LEFT JOIN dim_commerce_product p ON p.product_id = l.product_id
    WHERE $category = '' OR p.category = $category
    GROUP BY l.order_id
)
SELECT o.currency,
       count(*) AS orders,
       count(*) FILTER (WHERE o.payment_status = 'success') AS successful,
       count(*) FILTER (WHERE o.payment_status = 'failed') AS failed,
       CAST(coalesce(sum(l.units) FILTER (WHERE o.payment_status = 'success'), 0) AS BIGINT) AS units,
       coalesce(sum(l.amount) FILTER (WHERE o.payment_status = 'success'), 0) AS revenue
FROM orders o
LEFT JOIN lines l ON l.order_id = o.order_id
WHERE $category = '' OR l.order_id IS NOT NULL
GROUP BY o.currency
ORDER BY o.currency
