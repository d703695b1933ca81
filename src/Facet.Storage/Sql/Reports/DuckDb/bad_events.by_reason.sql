-- Bad events received in [$from, $to), per reason, most frequent first.
SELECT reason_code, count(*)::bigint AS events
FROM bad_events
WHERE received_at >= $from AND received_at < $to
GROUP BY reason_code
ORDER BY events DESC, reason_code
