-- One process writes a DuckDB file and the store serializes its own writes: nothing to lock.
SELECT 1
