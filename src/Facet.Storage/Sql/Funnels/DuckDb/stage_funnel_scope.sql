-- The devices whose funnel_progress rows (V014) this transaction rebuilds, each from a UTC quarter hour on
-- (FunnelProgressWriter: the earliest new event minus the longest stored window; the back-fill: all of them).
CREATE TEMP TABLE IF NOT EXISTS stage_funnel_scope (
    device_id text NOT NULL,
    from_ts   timestamptz NOT NULL
);
