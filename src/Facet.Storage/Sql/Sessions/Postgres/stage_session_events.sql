-- One batch's newly inserted clickstream facts that carry a device id, with the session rules in force (timeout and
-- late bound in seconds) and the event id the in-order test compares with a session's tail, for write_sessions: of
-- each touched device its earliest new events (all at its earliest µs), and its others only when one of them could
-- be late (SessionWriter, after lock_session_devices.sql).
CREATE TEMP TABLE IF NOT EXISTS stage_session_events (
    event_key    uuid NOT NULL,
    device_id    text COLLATE "C" NOT NULL,  -- bytewise, as in fact_events (V021)
    event_ts     timestamptz NOT NULL,
    timeout_s    integer NOT NULL,
    late_bound_s integer NOT NULL,
    arrived_at   timestamptz NOT NULL,
    event_id     text NOT NULL,       -- as in fact_events
    rebuild      boolean NOT NULL     -- the device's sessions are rebuilt from its facts, never extended in order:
                                      -- a recovered batch's (Internal/DerivedRecovery.cs), whose events are not in memory
) ON COMMIT DELETE ROWS;
