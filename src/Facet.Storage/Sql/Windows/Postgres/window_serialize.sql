-- The window steps of concurrent workers run one at a time (issue 19): a step reads the watermark, judges each event
-- open, closed or late against it, and marks the windows it passes final. A second worker doing that before the first
-- committed would judge against a watermark that no longer holds, and could insert a window row that the first one's
-- final pass did not see, left unflagged (unpublished, in final mode) forever. Held until the transaction ends; the
-- first lock a windowed batch takes, so no other lock order can meet it.
SELECT pg_advisory_xact_lock(7123003);
