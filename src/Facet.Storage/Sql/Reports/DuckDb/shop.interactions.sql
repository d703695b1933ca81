-- ratings: wishlist additions, reviews and ratings in [from, to) (bucketed on occurred_at) per product and type, with
-- the count and sum of the star values given.
SELECT i.product_id, p.name, i.interaction_type, count(*) AS interactions, count(i.rating) AS rated, CAST(coalesce(sum(i.rating), 0) AS BIGINT) AS stars
FROM fact_user_interaction i
LEFT JOIN dim_commerce_product p ON p.product_id = i.product_id
LEFT JOIN dim_commerce_customer c ON c.customer_id = i.customer_id
WHERE i.occurred_at >= $from AND i.occurred_at < $to
  AND ($country = '' OR lower(coalesce(c.home_country, '')) IN ($country, $country_name))
  AND ($category = '' OR lower(coalesce(p.category, '')) = $category)
GROUP BY i.product_id, p.name, i.interaction_type
