-- Fact retention: the funnel progress of the dropped days goes with their facts (WarehouseMaintenance sets the cutoff a
-- day behind the oldest kept partition).
DELETE FROM funnel_progress WHERE entry_ts < @cutoff;
