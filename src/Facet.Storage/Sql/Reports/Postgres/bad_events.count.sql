-- KPI: rejected messages received in [@from, @to).
SELECT count(*)::bigint
FROM bad_events
WHERE received_at >= @from AND received_at < @to
