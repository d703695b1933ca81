-- DuckDB has one writing process per file and one batch transaction at a time in it: there is nothing to lock
-- (Sessions/Postgres/lock_session_devices.sql). The late probe's bound (epoch µs; NULL when no fact is stored): no
-- stored session ends at or after the hour after the latest stored fact's UTC hour (rollup_collection_hourly holds
-- every fact's hour, this batch's included). A device whose earliest new event plus the late bound lies beyond it has
-- no late event, so SessionWriter stages the rest of its new events only for the other devices.
SELECT epoch_us(max(h.hour_utc) + INTERVAL 1 HOUR) FROM rollup_collection_hourly h;
