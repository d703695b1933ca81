-- Version 18 (issue 22): most batches extend a device's latest session in place (write_in_order_sessions.sql), an
-- UPDATE of its end, counts, exit URL and tail, none of which an index covers. With free space on the page PostgreSQL
-- makes such an update HOT: no new entry in the primary key or fact_sessions_start, and the old version is pruned on
-- the page. A session is extended within minutes of its insert, so free space on recent pages is what matters.
-- Applies to pages written from now on (as V003 for the hourly rollups).
ALTER TABLE fact_sessions SET (fillfactor = 70);
