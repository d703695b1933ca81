-- customer-demographics: the customer base at the end of the period — every customer whose account was opened before
-- $to (or who has no opening date: an inferred member or a source without one) — with gender, birth date and stated age.
SELECT c.gender, CAST(c.birth_date AS VARCHAR) AS birth_date, c.age
FROM dim_commerce_customer c
WHERE (c.account_created_at IS NULL OR c.account_created_at < $to)
  AND ($country = '' OR lower(coalesce(c.home_country, '')) IN ($country, $country_name))
