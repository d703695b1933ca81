-- md5 per table of what a commerce import wrote (issue 18: rows equal before/after a change):
-- psql -qAt -d DB -f bench/import-md5.sql. Wall-clock columns (when a row was loaded or touched) are left out.
-- "windows as read": each window's aggregates as a reader gets them (window_rows.sql: window_aggregate rows with
-- their folded and stored distinct members, or V015's arrays of a window stored whole), the same before and after a
-- change of where they are kept; it reads the arrays through to_jsonb, so it runs on schemas without them too.
WITH packed AS (
  SELECT s.definition, s.window_start, s.window_end, s.window_key, s.revisions, s.late_revisions, s.is_final, to_jsonb(s) AS j
  FROM window_state s WHERE to_jsonb(s) -> 'aggregates' IS NOT NULL AND jsonb_typeof(to_jsonb(s) -> 'aggregates') = 'array'),
read(r) AS (
  SELECT jsonb_build_object('definition', s.definition, 'start', s.window_start, 'end', s.window_end, 'key', s.window_key,
      'revisions', s.revisions, 'late_revisions', s.late_revisions, 'final', s.is_final, 'aggregate', a.aggregate,
      'count', a.value_count, 'sum', a.value_sum, 'min', a.value_min, 'max', a.value_max, 'time_min', a.time_min, 'time_max', a.time_max,
      'members', coalesce(a.members_folded, 0) + (SELECT count(*) FROM window_member m
          WHERE m.definition = a.definition AND m.window_start = a.window_start AND m.window_key = a.window_key AND m.aggregate = a.aggregate))
  FROM window_state s JOIN window_aggregate a USING (definition, window_start, window_key)
  UNION ALL
  SELECT jsonb_build_object('definition', p.definition, 'start', p.window_start, 'end', p.window_end, 'key', p.window_key,
      'revisions', p.revisions, 'late_revisions', p.late_revisions, 'final', p.is_final, 'aggregate', g.aggregate,
      'count', (p.j -> 'value_counts' ->> (g.i - 1)::int)::bigint, 'sum', (p.j -> 'value_sums' ->> (g.i - 1)::int)::numeric,
      'min', (p.j -> 'value_mins' ->> (g.i - 1)::int)::numeric, 'max', (p.j -> 'value_maxs' ->> (g.i - 1)::int)::numeric,
      'time_min', (p.j -> 'time_mins' ->> (g.i - 1)::int)::timestamptz, 'time_max', (p.j -> 'time_maxs' ->> (g.i - 1)::int)::timestamptz,
      'members', coalesce((p.j -> 'members_folded' ->> (g.i - 1)::int)::bigint, 0))
  FROM packed p, jsonb_array_elements_text(p.j -> 'aggregates') WITH ORDINALITY AS g (aggregate, i)),
t(name, r) AS (
  SELECT 'windows as read', r FROM read
  UNION ALL
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
