-- facet schedule (issue 20): DAG runs, their task instances and the lease that lets one scheduler own a DAG.
-- DuckDB stores the times as TIMESTAMP in UTC (the scheduler always writes UTC).
-- A run is unique per (dag, logical date), which makes trigger, backfill and catch-up idempotent.
CREATE TABLE schedule_runs (
    dag_id              VARCHAR NOT NULL,
    logical_date        TIMESTAMP NOT NULL,
    data_interval_start TIMESTAMP NOT NULL,
    data_interval_end   TIMESTAMP NOT NULL,
    run_type            VARCHAR NOT NULL CHECK (run_type IN ('scheduled', 'manual', 'backfill')),
    state               VARCHAR NOT NULL CHECK (state IN ('queued', 'running', 'success', 'failed')),
    queued_at           TIMESTAMP NOT NULL,
    start_date          TIMESTAMP,
    end_date            TIMESTAMP,
    PRIMARY KEY (dag_id, logical_date)
);

-- No secondary index: DuckDB rewrites indexed rows on update, and these tables stay small.

-- One row per task of a run, written when the task changes state; a finished task's row is committed before the
-- scheduler looks at the next task, so a restarted scheduler never runs a finished task again.
CREATE TABLE schedule_task_instances (
    dag_id       VARCHAR NOT NULL,
    logical_date TIMESTAMP NOT NULL,
    task_id      VARCHAR NOT NULL,
    state        VARCHAR NOT NULL CHECK (state IN ('queued', 'running', 'success', 'failed', 'up_for_retry', 'upstream_failed', 'skipped')),
    try_number   INTEGER NOT NULL,
    max_tries    INTEGER NOT NULL,
    start_date   TIMESTAMP,
    end_date     TIMESTAMP,
    duration_ms  BIGINT,
    exit_code    INTEGER,
    next_try_at  TIMESTAMP,
    log_tail     VARCHAR,
    PRIMARY KEY (dag_id, logical_date, task_id)
);

-- Who owns a DAG until when. Taken with a guarded update (free, expired, or already ours) and checked by every
-- scheduler write in the same transaction, like the stream checkpoints.
CREATE TABLE schedule_leases (
    dag_id      VARCHAR PRIMARY KEY,
    owner       VARCHAR NOT NULL,
    acquired_at TIMESTAMP NOT NULL,
    expires_at  TIMESTAMP NOT NULL
);
