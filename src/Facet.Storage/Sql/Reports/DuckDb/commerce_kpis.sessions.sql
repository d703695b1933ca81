-- Commerce KPIs (issue 18): conversion from session to order. A session counts on a day when it has a click-stream
-- event in [from, to); it converted when an order (any payment status) names it, and with a category, an order holding
-- a line of that category. The country is the clicking customer's home country; an empty filter means "any".
WITH sessions AS (
    SELECT DISTINCT e.session_id
    FROM fact_click_event e
    LEFT JOIN dim_commerce_customer c ON c.customer_id = e.customer_id
    WHERE e.event_time >= $from AND e.event_time < $to
      AND ($country = '' OR c.home_country = $country)
), converted AS (
    SELECT DISTINCT o.session_id
    FROM fact_order o
    WHERE o.session_id IN (SELECT session_id FROM sessions)
      AND ($category = '' OR EXISTS (
          SELECT 1 FROM fact_order_line l JOIN dim_commerce_product p ON p.product_id = l.product_id
          WHERE l.order_id = o.order_id AND p.category = $category))
)
SELECT count(*) AS sessions, count(v.session_id) AS converted
FROM sessions s
LEFT JOIN converted v ON v.session_id = s.session_id
