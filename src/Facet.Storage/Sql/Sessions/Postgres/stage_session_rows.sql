-- The in-order devices' extended sessions as SessionWriter cut them from their new events (SessionCutter), for
-- write_in_order_sessions.sql: the stored session starting at session_start gains events, orders, a later end, exit
-- URL and tail. The sessions after it are not staged: SessionWriter appends them to fact_sessions.
CREATE TEMP TABLE IF NOT EXISTS stage_session_rows (
    device_id        text COLLATE "C" NOT NULL,  -- bytewise, as in fact_sessions (V021)
    session_start    timestamptz NOT NULL,
    session_end      timestamptz NOT NULL,
    events           integer NOT NULL,  -- of the new events only
    orders           integer NOT NULL,
    entry_url        text,
    exit_url         text,
    landing_referrer text,
    utm_source       text,
    utm_medium       text,
    utm_campaign     text,
    store_key        integer NOT NULL,
    location_key     integer NOT NULL,
    user_agent_key   integer NOT NULL,
    referrer_key     integer NOT NULL,
    is_bot           boolean NOT NULL,
    tail_event_id    text NOT NULL,
    tail_campaign    text,
    timeout_s        integer NOT NULL
) ON COMMIT DELETE ROWS;
