-- Fresh statistics, then the write-ahead log folded into the file (DuckDB does this itself at 16 MB of WAL).
ANALYZE;
CHECKPOINT
