-- Version 16 (issue 22): each session keeps the state a batch needs to extend it without re-reading its facts
-- (Sql/Sessions/Postgres/write_sessions.sql, the in-order path): its last event's id (its last event's time is
-- session_end), the last UTM campaign seen in its visit up to and including that event (NULL if none), and the session
-- timeout it was cut with. tail_timeout_s NULL = tail unknown: rows written before this version, whose device takes the
-- rebuild once, which writes the tail. No back-fill: the columns are added without a rewrite of the table.
ALTER TABLE fact_sessions
    ADD COLUMN tail_event_id text,
    ADD COLUMN tail_campaign text,
    ADD COLUMN tail_timeout_s integer;
