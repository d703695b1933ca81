-- Commerce page (issue 18): per entity stream, the rows it stored, its newest event time and its newest load (the
-- batch's write time, committed with the rows), as µs since the epoch. Inferred members (made by another stream's
-- late fact) are not the dimension stream's own data and are left out.
SELECT 'customers', count(*)::bigint, (extract(epoch FROM max(coalesce(updated_at, last_login_at, account_created_at))) * 1000000)::bigint, (extract(epoch FROM max(loaded_at)) * 1000000)::bigint
FROM dim_commerce_customer WHERE NOT is_inferred
UNION ALL
SELECT 'products', count(*)::bigint, (extract(epoch FROM max(valid_from)) * 1000000)::bigint, (extract(epoch FROM max(loaded_at)) * 1000000)::bigint FROM dim_commerce_product_version
UNION ALL
SELECT 'transactions', count(*)::bigint, (extract(epoch FROM max(created_at)) * 1000000)::bigint, (extract(epoch FROM max(loaded_at)) * 1000000)::bigint FROM fact_order
UNION ALL
SELECT 'product_views', count(*)::bigint, (extract(epoch FROM max(viewed_at)) * 1000000)::bigint, (extract(epoch FROM max(loaded_at)) * 1000000)::bigint FROM fact_product_view
UNION ALL
SELECT 'user_interactions', count(*)::bigint, (extract(epoch FROM max(occurred_at)) * 1000000)::bigint, (extract(epoch FROM max(loaded_at)) * 1000000)::bigint FROM fact_user_interaction
UNION ALL
SELECT 'click_stream', count(*)::bigint, (extract(epoch FROM max(event_time)) * 1000000)::bigint, (extract(epoch FROM max(loaded_at)) * 1000000)::bigint FROM fact_click_event
UNION ALL
SELECT 'system_logs', count(*)::bigint, (extract(epoch FROM max(logged_at)) * 1000000)::bigint, (extract(epoch FROM max(loaded_at)) * 1000000)::bigint FROM fact_system_log
