-- Version 24 (issue 22): the process whose trailing transaction writes a pending batch's derived rows (V023). A writing
-- process holds a session-level advisory lock (7123004, owner) on a connection of its own for as long as it is open
-- (PostgresWarehouse); a recovery (Sql/Derived/Postgres/claim_derived_pending.sql) takes only the pending batches of
-- its own process and of owners whose lock is free — a process that stopped or lost its connection — so a worker
-- starting beside live ones leaves their batches to their own trailing transactions instead of rebuilding them (and,
-- at saturation, recovering one newly committed batch after another). NULL: a batch marked before this version, which
-- any recovery may take, as before.
-- IF NOT EXISTS: a warehouse whose schema_version rows were rolled back past this version migrates again (as V023's table).
ALTER TABLE derived_pending ADD COLUMN IF NOT EXISTS owner integer;
