-- Every definition's watermark inputs: the newest event time per source partition, as epoch microseconds.
SELECT definition, source, source_partition, CAST(extract(epoch FROM max_event_time) * 1000000 AS bigint) FROM window_watermark;
