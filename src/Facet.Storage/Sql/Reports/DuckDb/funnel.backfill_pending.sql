-- 1 while V014's back-fill queue still holds devices (the funnel report then reads the facts), else 0.
SELECT count(*) FROM (SELECT 1 FROM funnel_progress_backfill LIMIT 1) q
