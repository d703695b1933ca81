-- Bad events: when the newest rejected message arrived (µs since the epoch), or NULL: resolves date=latest by arrival.
SELECT epoch_us(max(received_at)) FROM bad_events
