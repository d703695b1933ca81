-- Commerce page pickers (issue 18): every product category and customer home country stored, as (kind, value); the
-- reports match both without regard to case.
SELECT DISTINCT 'category' AS kind, category AS value FROM dim_commerce_product WHERE category IS NOT NULL AND category <> ''
UNION ALL
SELECT DISTINCT 'country' AS kind, home_country AS value FROM dim_commerce_customer WHERE home_country IS NOT NULL AND home_country <> ''
ORDER BY 1, 2
