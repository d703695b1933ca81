-- Commerce page (issue 18): per entity stream, the rows it stored, its newest event time and its newest load (the
-- batch's write time, committed with the rows), as µs since the epoch. Inferred members (made by another stream's
-- late fact) are not the dimension stream's own data and are left out.
SELECT 'customers', count(*), epoch_us(max(coalesce(updated_at, last_login_at, account_created_at))), epoch_us(max(loaded_at))
FROM dim_commerce_customer WHERE NOT is_inferred
UNION ALL
SELECT 'products', count(*), epoch_us(max(valid_from)), epoch_us(max(loaded_at)) FROM dim_commerce_product_version
UNION ALL
SELECT 'transactions', count(*), epoch_us(max(created_at)), epoch_us(max(loaded_at)) FROM fact_order
UNION ALL
SELECT 'product_views', count(*), epoch_us(max(viewed_at)), epoch_us(max(loaded_at)) FROM fact_product_view
UNION ALL
SELECT 'user_interactions', count(*), epoch_us(max(occurred_at)), epoch_us(max(loaded_at)) FROM fact_user_interaction
UNION ALL
SELECT 'click_stream', count(*), epoch_us(max(event_time)), epoch_us(max(loaded_at)) FROM fact_click_event
UNION ALL
SELECT 'system_logs', count(*), epoch_us(max(logged_at)), epoch_us(max(loaded_at)) FROM fact_system_log
