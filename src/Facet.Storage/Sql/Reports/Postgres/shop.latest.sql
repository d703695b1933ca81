-- Commerce reports (issue 18), --date latest: the newest event time among the commerce facts (orders, product views,
-- interactions, click events, system logs), so every commerce report of "latest" covers the same day.
SELECT (extract(epoch FROM max(t)) * 1000000)::bigint
FROM (
    SELECT max(created_at) AS t FROM fact_order
    UNION ALL SELECT max(viewed_at) FROM fact_product_view
    UNION ALL SELECT max(occurred_at) FROM fact_user_interaction
    UNION ALL SELECT max(event_time) FROM fact_click_event
    UNION ALL SELECT max(logged_at) FROM fact_system_log
) AS newest
