-- The rebuilt funnel_progress rows (V014), computed in C# (FunnelProgressWriter), for write_funnel_progress.
CREATE TEMP TABLE IF NOT EXISTS stage_funnel_progress (
    funnel_id      integer NOT NULL,
    device_id      text NOT NULL,
    entry_ts       timestamptz NOT NULL,
    prev_entry_ts  timestamptz,
    steps          smallint NOT NULL,
    convert_us     text,
    store_key      integer NOT NULL,
    location_key   integer NOT NULL,
    user_agent_key integer NOT NULL
) ON COMMIT DELETE ROWS;
