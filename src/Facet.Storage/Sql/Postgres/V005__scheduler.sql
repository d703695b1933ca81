-- facet schedule (issue 20): DAG runs, their task instances and the lease that lets one scheduler own a DAG.
-- A run is unique per (dag, logical date), which makes trigger, backfill and catch-up idempotent.
CREATE TABLE schedule_runs (
    dag_id              text        NOT NULL,
    logical_date        timestamptz NOT NULL,
    data_interval_start timestamptz NOT NULL,
    data_interval_end   timestamptz NOT NULL,
    run_type            text        NOT NULL CHECK (run_type IN ('scheduled', 'manual', 'backfill')),
    state               text        NOT NULL CHECK (state IN ('queued', 'running', 'success', 'failed')),
    queued_at           timestamptz NOT NULL,
    start_date          timestamptz,
    end_date            timestamptz,
    PRIMARY KEY (dag_id, logical_date)
);

CREATE INDEX schedule_runs_active ON schedule_runs (dag_id, state, logical_date);

-- One row per task of a run, written when the task changes state; a finished task's row is committed before the
-- scheduler looks at the next task, so a restarted scheduler never runs a finished task again.
CREATE TABLE schedule_task_instances (
    dag_id       text        NOT NULL,
    logical_date timestamptz NOT NULL,
    task_id      text        NOT NULL,
    state        text        NOT NULL CHECK (state IN ('queued', 'running', 'success', 'failed', 'up_for_retry', 'upstream_failed', 'skipped')),
    try_number   integer     NOT NULL,
    max_tries    integer     NOT NULL,
    start_date   timestamptz,
    end_date     timestamptz,
    duration_ms  bigint,
    exit_code    integer,
    next_try_at  timestamptz,
    log_tail     text,
    PRIMARY KEY (dag_id, logical_date, task_id)
);

-- Who owns a DAG until when. Taken with a guarded update (free, expired, or already ours) and checked by every
-- scheduler write in the same transaction, like the stream checkpoints.
CREATE TABLE schedule_leases (
    dag_id      text        PRIMARY KEY,
    owner       text        NOT NULL,
    acquired_at timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL
);
