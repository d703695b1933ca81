-- Product names for the products of a revenue ranking ({ids}: one parameter per product id).
SELECT product_id, product_name FROM dim_product WHERE product_id IN ({ids})
