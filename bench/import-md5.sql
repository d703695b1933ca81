-- md5 per table of what a commerce import wrote (issue 18: rows equal before/after a change):
-- psql -qAt -d DB -f bench/import-md5.sql. Wall-clock columns (when a row was loaded or touched) are left out.
WITH t(name, r) AS (
  SELECT 'window_definition', to_jsonb(x) - 'updated_at' FROM window_definition x
  UNION ALL SELECT 'window_state', to_jsonb(x) - 'first_updated_at' - 'last_updated_at' FROM window_state x
  UNION ALL SELECT 'window_aggregate', to_jsonb(x) FROM window_aggregate x
  UNION ALL SELECT 'window_member', to_jsonb(x) FROM window_member x
  UNION ALL SELECT 'window_late_event', to_jsonb(x) - 'last_seen_at' FROM window_late_event x
  UNION ALL SELECT 'window_late_example', to_jsonb(x) FROM window_late_example x
  UNION ALL SELECT 'window_watermark', to_jsonb(x) - 'updated_at' FROM window_watermark x
  UNION ALL SELECT 'fact_order', to_jsonb(x) - 'loaded_at' FROM fact_order x
  UNION ALL SELECT 'fact_order_line', to_jsonb(x) - 'loaded_at' FROM fact_order_line x
  UNION ALL SELECT 'dim_commerce_customer', to_jsonb(x) - 'loaded_at' - 'first_seen_at' FROM dim_commerce_customer x
  UNION ALL SELECT 'dim_commerce_product', to_jsonb(x) - 'loaded_at' - 'first_seen_at' FROM dim_commerce_product x
  UNION ALL SELECT 'bad_events', to_jsonb(x) - 'ingested_at' - 'received_at' FROM bad_events x
  UNION ALL SELECT 'stream_checkpoints', to_jsonb(x) - 'updated_at' FROM stream_checkpoints x)
SELECT name, count(*), md5(string_agg(r::text, E'\n' ORDER BY r::text)) FROM t GROUP BY name ORDER BY name;
