-- The stored version of the batch's customers: a record no newer than it is a duplicate (as in write_customers).
SELECT s.probe_key, c.version FROM stage_window_probe s JOIN dim_commerce_customer c ON c.customer_id = s.id;
