-- The in-order devices write_sessions.sql marked (session_scope.in_order) and what SessionWriter cuts their new events
-- from (SessionCutter): the tail of the stored session they extend — its last event's time (epoch µs) and the visit's
-- last campaign there — and from_ts (epoch µs), that session's start; no tail when no stored session is reachable (every one
-- ended more than the timeout before the new events, which then begin a visit).
SELECT c.device_id, epoch_us(c.tail_ts), c.tail_campaign, epoch_us(c.from_ts)
FROM session_scope c
WHERE c.in_order;
