-- funnel by medium or campaign from funnel_progress (V014): each device's first entry candidate in [from, to), per
-- device, since those breakdowns are the device's landing of the range (commerce.landing.sql), not the entry's.
SELECT p.device_id, p.steps, p.convert_us
FROM funnel_progress p
WHERE p.funnel_id = $funnel_id AND p.entry_ts >= $from AND p.entry_ts < $to
  AND (p.prev_entry_ts IS NULL OR p.prev_entry_ts < $from)
  AND p.steps > 0
