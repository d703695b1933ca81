-- facet windows recompute (issue 20): the newest stored event time per recomputable source (epoch microseconds), the
-- watermark's input for a definition that has none yet (its facts were loaded with --windows none or imported).
SELECT (SELECT epoch_us(max(created_at)) FROM fact_order), (SELECT epoch_us(max(created_at)) FROM fact_order_line), (SELECT epoch_us(max(viewed_at)) FROM fact_product_view);
