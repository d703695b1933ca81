-- The next devices V014 queued for the funnel_progress back-fill: 1,000 per transaction.
SELECT device_id FROM funnel_progress_backfill ORDER BY device_id LIMIT 1000;
