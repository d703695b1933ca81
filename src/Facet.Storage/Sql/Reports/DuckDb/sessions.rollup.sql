-- sessions and conversion from the session rollup (V010): the rows of one breakdown whose UTC quarter hour of session
-- start lies in [from_quarter, to_quarter) (Unix seconds; a zone's day is a whole number of quarter hours). C# maps
-- the quarters to local hours or days, resolves the medium's channel and sums the rows of a value.
SELECT r.start_quarter, r.value, r.sessions, r.bounces, r.sessions_with_order, r.events, r.duration_us
FROM session_rollup r
WHERE r.breakdown = $breakdown
  AND r.start_quarter >= $from_quarter AND r.start_quarter < $to_quarter
  AND ($include_bots OR NOT r.is_bot)
  AND r.sessions > 0
