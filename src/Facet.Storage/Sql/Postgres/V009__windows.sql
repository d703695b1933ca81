-- Issue 19: event-time windows. Window state is warehouse rows written in the batch transaction (no state store):
-- one row per (definition, window_start, window_key) with its revisions and final flag, mergeable partial aggregates
-- per aggregate, the members of exact distinct counts, late events per window, and each definition's watermark
-- inputs per source partition (the newest event time seen there), committed with the checkpoints they belong to.
CREATE TABLE window_definition (
    name        text PRIMARY KEY,
    source      text NOT NULL,
    definition  text NOT NULL,           -- the definition as JSON, as it was last used
    updated_at  timestamptz NOT NULL
);

CREATE TABLE window_state (
    definition      text NOT NULL,
    window_start    timestamptz NOT NULL,
    window_end      timestamptz NOT NULL,
    window_key      text NOT NULL,       -- the key attributes' values as a JSON array, e.g. ["F"]
    revisions       integer NOT NULL,    -- batches that changed the window
    late_revisions  integer NOT NULL,    -- of those, batches that came after the watermark passed window_end
    is_final        boolean NOT NULL,    -- the watermark passed window_end + allowed lateness
    first_updated_at timestamptz NOT NULL,
    last_updated_at  timestamptz NOT NULL,
    PRIMARY KEY (definition, window_start, window_key)
);

-- Partial aggregates that merge by addition (count, sum) or by least/greatest (min, max).
CREATE TABLE window_aggregate (
    definition    text NOT NULL,
    window_start  timestamptz NOT NULL,
    window_key    text NOT NULL,
    aggregate     text NOT NULL,
    value_count   bigint NOT NULL,       -- rows (count) or non-null values (sum, min, max, avg)
    value_sum     numeric,
    value_min     numeric,
    value_max     numeric,
    time_min      timestamptz,
    time_max      timestamptz,
    PRIMARY KEY (definition, window_start, window_key, aggregate)
);

-- Exact distinct counts: the members themselves (a member seen again adds nothing).
CREATE TABLE window_member (
    definition    text NOT NULL,
    window_start  timestamptz NOT NULL,
    window_key    text NOT NULL,
    aggregate     text NOT NULL,
    member        text NOT NULL,
    PRIMARY KEY (definition, window_start, window_key, aggregate, member)
);

-- Events that arrived after their window was final (watermark past window_end + allowed lateness): never dropped
-- silently, counted here per window, with a few example ids.
CREATE TABLE window_late_event (
    definition    text NOT NULL,
    window_start  timestamptz NOT NULL,
    window_end    timestamptz NOT NULL,
    late_count    bigint NOT NULL,
    applied_count bigint NOT NULL,       -- of those, applied anyway (late policy "update")
    last_seen_at  timestamptz NOT NULL,
    PRIMARY KEY (definition, window_start)
);

CREATE TABLE window_late_example (
    definition    text NOT NULL,
    window_start  timestamptz NOT NULL,
    record_id     text NOT NULL,
    PRIMARY KEY (definition, window_start, record_id)
);

-- The newest event time seen per (definition, source, partition); a definition's watermark is the minimum over its
-- partitions minus its delay, never moving back: the row (source '*', partition -1) holds the watermark itself.
-- Written in the batch transaction, so it is the same whoever owns a partition next.
CREATE TABLE window_watermark (
    definition      text NOT NULL,
    source          text NOT NULL,
    source_partition integer NOT NULL,
    max_event_time  timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    PRIMARY KEY (definition, source, source_partition)
);
