-- facet windows recompute (issue 20): the stored product views a recomputed definition of source product_views
-- reads, in the columns of WindowFactSource.ProductViews; times as epoch microseconds.
SELECT v.view_id, v.customer_id, v.product_id, v.session_id, epoch_us(v.viewed_at), v.view_duration_seconds
FROM fact_product_view v
WHERE EXISTS (SELECT 1 FROM stage_window_recompute r WHERE r.source = 'product_views' AND v.viewed_at >= r.facts_from AND v.viewed_at < r.facts_to)
ORDER BY v.viewed_at, v.view_id;
