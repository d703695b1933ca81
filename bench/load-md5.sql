-- md5 per table of what a clickstream load wrote (issue 22: loaded data equal before/after a change):
-- psql -qAt -d DB -f bench/load-md5.sql (or MD5=1 bench/load-before-after.sh). Surrogate keys are replaced by their
-- dimension rows; ingested_at is left out, and so are a session's tail (V016) and a funnel candidate's walk state
-- (V017): writer state, absent before them.
-- Rows come in table-name order, so two runs' outputs compare as a whole.
-- The facts are hashed row by row first: one string of all rows passes PostgreSQL's 1 GB limit at 1M facts.
SELECT 'facts+dims', count(*), md5(string_agg(md5(r), E'\n' ORDER BY r)) FROM (
  SELECT (to_jsonb(f) - 'ingested_at' - 'product_key' - 'store_key' - 'location_key' - 'user_agent_key' - 'referrer_key' - 'customer_key')::text
      || (to_jsonb(p) - 'product_key' - 'first_seen_at')::text || (to_jsonb(s) - 'store_key')::text || (to_jsonb(l) - 'location_key')::text
      || (to_jsonb(u) - 'user_agent_key')::text || (to_jsonb(rf) - 'referrer_key')::text || (to_jsonb(c) - 'customer_key')::text AS r
  FROM fact_events f
  JOIN dim_product p USING (product_key) JOIN dim_store s USING (store_key) JOIN dim_location l USING (location_key)
  JOIN dim_user_agent u USING (user_agent_key) JOIN dim_referrer rf USING (referrer_key) JOIN dim_customer c USING (customer_key)) x
UNION ALL SELECT 'rollup_product_hourly', count(*), md5(string_agg(r, E'\n' ORDER BY r)) FROM (SELECT (to_jsonb(t) - 'product_key')::text || p.natural_key AS r FROM rollup_product_hourly t JOIN dim_product p USING (product_key)) x
UNION ALL SELECT 'rollup_product_daily', count(*), md5(string_agg(r, E'\n' ORDER BY r)) FROM (SELECT (to_jsonb(t) - 'product_key')::text || p.natural_key AS r FROM rollup_product_daily t JOIN dim_product p USING (product_key)) x
UNION ALL SELECT 'rollup_country_store_hourly', count(*), md5(string_agg(r, E'\n' ORDER BY r)) FROM (SELECT (to_jsonb(t) - 'store_key')::text || s.natural_key AS r FROM rollup_country_store_hourly t JOIN dim_store s USING (store_key)) x
UNION ALL SELECT 'rollup_country_store_daily', count(*), md5(string_agg(r, E'\n' ORDER BY r)) FROM (SELECT (to_jsonb(t) - 'store_key')::text || s.natural_key AS r FROM rollup_country_store_daily t JOIN dim_store s USING (store_key)) x
UNION ALL SELECT 'rollup_referrer_hourly', count(*), md5(string_agg(r, E'\n' ORDER BY r)) FROM (SELECT (to_jsonb(t) - 'referrer_key')::text || d.natural_key AS r FROM rollup_referrer_hourly t JOIN dim_referrer d USING (referrer_key)) x
UNION ALL SELECT 'rollup_browser_os_hourly', count(*), md5(string_agg(to_jsonb(t)::text, E'\n' ORDER BY to_jsonb(t)::text)) FROM rollup_browser_os_hourly t
UNION ALL SELECT 'rollup_collection_hourly', count(*), md5(string_agg(to_jsonb(t)::text, E'\n' ORDER BY to_jsonb(t)::text)) FROM rollup_collection_hourly t
UNION ALL SELECT 'rollup_collection_daily', count(*), md5(string_agg(to_jsonb(t)::text, E'\n' ORDER BY to_jsonb(t)::text)) FROM rollup_collection_daily t
UNION ALL SELECT 'kpi_devices_daily', count(*), md5(string_agg(to_jsonb(t)::text, E'\n' ORDER BY to_jsonb(t)::text)) FROM kpi_devices_daily t
UNION ALL SELECT 'fact_sessions', count(*), md5(string_agg(r, E'\n' ORDER BY r)) FROM (SELECT (to_jsonb(t) - 'store_key' - 'location_key' - 'user_agent_key' - 'referrer_key' - 'tail_event_id' - 'tail_campaign' - 'tail_timeout_s')::text || (to_jsonb(u) - 'user_agent_key')::text AS r FROM fact_sessions t JOIN dim_user_agent u USING (user_agent_key)) x
UNION ALL SELECT 'session_rollup', count(*), md5(string_agg(to_jsonb(t)::text, E'\n' ORDER BY to_jsonb(t)::text)) FROM session_rollup t
UNION ALL SELECT 'funnel_progress', count(*), md5(string_agg(r, E'\n' ORDER BY r)) FROM (SELECT (to_jsonb(t) - 'store_key' - 'location_key' - 'user_agent_key' - 'held_us')::text || s.natural_key || l.natural_key || u.natural_key AS r FROM funnel_progress t JOIN dim_store s USING (store_key) JOIN dim_location l USING (location_key) JOIN dim_user_agent u USING (user_agent_key)) x
UNION ALL SELECT 'dim_user_agent', count(*), md5(string_agg(r, E'\n' ORDER BY r)) FROM (SELECT (to_jsonb(t) - 'user_agent_key')::text AS r FROM dim_user_agent t) x
ORDER BY 1;
