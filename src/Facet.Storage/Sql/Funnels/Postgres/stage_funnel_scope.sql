-- The devices whose funnel_progress rows (V014) this transaction brings up to date, each from a UTC quarter hour on
-- (FunnelProgressWriter: the earliest new event minus the longest stored window; the back-fill: all of them).
-- rebuild: computed again from the facts since from_ts (staged true); funnel_open_rows.sql sets it false for a
-- device whose rows are continued from their stored state and its new events instead (V017).
CREATE TEMP TABLE IF NOT EXISTS stage_funnel_scope (
    device_id text COLLATE "C" NOT NULL,  -- bytewise, as in funnel_progress (V021)
    from_ts   timestamptz NOT NULL,
    rebuild   boolean NOT NULL
) ON COMMIT DELETE ROWS;
