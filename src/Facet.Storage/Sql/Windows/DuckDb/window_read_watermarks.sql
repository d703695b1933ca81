-- Every definition's watermark inputs: the newest event time per source partition, as epoch microseconds.
SELECT definition, source, source_partition, epoch_us(max_event_time) FROM window_watermark;
