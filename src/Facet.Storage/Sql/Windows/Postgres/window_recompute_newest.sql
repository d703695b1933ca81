-- facet windows recompute (issue 20): the newest stored event time per recomputable source (epoch microseconds), the
-- watermark's input for a definition that has none yet (its facts were loaded with --windows none or imported).
SELECT (SELECT CAST(extract(epoch FROM max(created_at)) * 1000000 AS bigint) FROM fact_order), (SELECT CAST(extract(epoch FROM max(created_at)) * 1000000 AS bigint) FROM fact_order_line), (SELECT CAST(extract(epoch FROM max(viewed_at)) * 1000000 AS bigint) FROM fact_product_view);
