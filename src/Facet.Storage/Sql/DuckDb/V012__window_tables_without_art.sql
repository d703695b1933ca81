-- Version 12 (DuckDB): the three large window tables lose their primary keys. DuckDB keeps a primary key as an ART
-- index in memory, and for the built-in windows these keys are long text tuples, ~10 per imported order (window_member:
-- every distinct customer of every product-hour, every session of every hour; BENCHMARKS.md, "Issue 18: DuckDB out
-- of memory" — the out-of-memory failure itself came from the staging tables, not these indexes). Their
-- keys stay unique without an index: window_write.sql merges by UPDATE … FROM then an anti-join INSERT, the batch
-- stages each key once, and a DuckDB file has one writer (the file lock between processes, the warehouse's write
-- gate within one). PostgreSQL keeps its primary keys (its indexes live in the buffer pool): its V012 only records
-- the version.
CREATE TABLE window_state_v012 (
    definition      text NOT NULL,
    window_start    timestamptz NOT NULL,
    window_end      timestamptz NOT NULL,
    window_key      text NOT NULL,
    revisions       integer NOT NULL,
    late_revisions  integer NOT NULL,
    is_final        boolean NOT NULL,
    first_updated_at timestamptz NOT NULL,
    last_updated_at  timestamptz NOT NULL
);
INSERT INTO window_state_v012 SELECT definition, window_start, window_end, window_key, revisions, late_revisions, is_final, first_updated_at, last_updated_at
FROM window_state ORDER BY definition, window_start, window_key;
DROP TABLE window_state;
ALTER TABLE window_state_v012 RENAME TO window_state;

CREATE TABLE window_aggregate_v012 (
    definition    text NOT NULL,
    window_start  timestamptz NOT NULL,
    window_key    text NOT NULL,
    aggregate     text NOT NULL,
    value_count   bigint NOT NULL,
    value_sum     DECIMAL(38,6),
    value_min     DECIMAL(38,6),
    value_max     DECIMAL(38,6),
    time_min      timestamptz,
    time_max      timestamptz
);
INSERT INTO window_aggregate_v012 SELECT definition, window_start, window_key, aggregate, value_count, value_sum, value_min, value_max, time_min, time_max
FROM window_aggregate ORDER BY definition, window_start, window_key, aggregate;
DROP TABLE window_aggregate;
ALTER TABLE window_aggregate_v012 RENAME TO window_aggregate;

CREATE TABLE window_member_v012 (
    definition    text NOT NULL,
    window_start  timestamptz NOT NULL,
    window_key    text NOT NULL,
    aggregate     text NOT NULL,
    member        text NOT NULL
);
INSERT INTO window_member_v012 SELECT definition, window_start, window_key, aggregate, member
FROM window_member ORDER BY definition, window_start, window_key, aggregate, member;
DROP TABLE window_member;
ALTER TABLE window_member_v012 RENAME TO window_member;
