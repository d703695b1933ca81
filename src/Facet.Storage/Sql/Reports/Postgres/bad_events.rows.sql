-- Bad events received in [@from, @to), whole, in arrival order (received_at as µs since the epoch).
SELECT (extract(epoch FROM received_at) * 1000000)::bigint, source, source_partition, source_offset, reason_code, message, field, raw
FROM bad_events
WHERE received_at >= @from AND received_at < @to
ORDER BY received_at, source, source_partition, source_offset
