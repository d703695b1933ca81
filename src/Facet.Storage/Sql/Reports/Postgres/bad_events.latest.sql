-- Bad events: when the newest rejected message arrived (µs since the epoch), or NULL: resolves date=latest by arrival.
SELECT (extract(epoch FROM max(received_at)) * 1000000)::bigint FROM bad_events
