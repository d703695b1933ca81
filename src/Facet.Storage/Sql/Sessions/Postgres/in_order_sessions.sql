-- The in-order devices write_sessions.sql marked (session_scope.in_order) and what SessionWriter cuts their new events
-- from (SessionCutter): the tail of the stored session they extend — its last event's time (epoch µs) and the visit's
-- last campaign there — and from_ts (epoch µs), that session's start; no tail when no stored session is reachable (every one
-- ended more than the timeout before the new events, which then begin a visit).
SELECT c.device_id, (extract(epoch FROM c.tail_ts) * 1000000)::bigint, c.tail_campaign,
       (extract(epoch FROM c.from_ts) * 1000000)::bigint
FROM session_scope c
WHERE c.in_order;

