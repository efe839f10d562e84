-- ppacer SQLite schema, version 1.
-- Instants are INTEGER microseconds since the epoch (UTC); lists (tags, parents) are comma-joined
-- (ids and tags cannot contain commas). Statuses are the Java enum names.

CREATE TABLE dags (
    dag_id          TEXT    NOT NULL PRIMARY KEY,
    description     TEXT    NOT NULL,
    tags            TEXT    NOT NULL,
    schedule        TEXT    NOT NULL,
    catch_up        INTEGER NOT NULL,
    max_active_runs INTEGER NOT NULL,
    fingerprint     TEXT    NOT NULL,
    version         INTEGER NOT NULL,
    active          INTEGER NOT NULL,
    paused          INTEGER NOT NULL,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
) WITHOUT ROWID;

-- Every version's tasks are kept; position keeps the topological order.
CREATE TABLE dag_tasks (
    dag_id      TEXT    NOT NULL REFERENCES dags (dag_id),
    version     INTEGER NOT NULL,
    position    INTEGER NOT NULL,
    task_id     TEXT    NOT NULL,
    task_class  TEXT    NOT NULL,
    parents     TEXT    NOT NULL,
    depth       INTEGER NOT NULL,
    width       INTEGER NOT NULL,
    config_json TEXT    NOT NULL,
    PRIMARY KEY (dag_id, version, position),
    UNIQUE (dag_id, version, task_id)
) WITHOUT ROWID;

CREATE TABLE dag_runs (
    run_id       INTEGER PRIMARY KEY AUTOINCREMENT,
    dag_id       TEXT    NOT NULL REFERENCES dags (dag_id),
    logical_time INTEGER NOT NULL,
    status       TEXT    NOT NULL,
    params_json  TEXT    NOT NULL,
    trigger_type TEXT    NOT NULL,
    task_count   INTEGER NOT NULL,
    restarts     INTEGER NOT NULL DEFAULT 0,
    created_at   INTEGER NOT NULL,
    started_at   INTEGER,
    finished_at  INTEGER,
    updated_at   INTEGER NOT NULL
);
-- find(dagId, logicalTime), latest(dagId), and the duplicate-run guard.
CREATE UNIQUE INDEX dag_runs_dag_time ON dag_runs (dag_id, logical_time);
-- recent(dagId, beforeRunId, limit).
CREATE INDEX dag_runs_dag_run ON dag_runs (dag_id, run_id);
-- unfinished(), countByStatus(), purge.
CREATE INDEX dag_runs_status ON dag_runs (status, updated_at);

CREATE TABLE dag_run_restarts (
    run_id  INTEGER NOT NULL REFERENCES dag_runs (run_id),
    restart INTEGER NOT NULL,
    at      INTEGER NOT NULL,
    PRIMARY KEY (run_id, restart)
) WITHOUT ROWID;

-- One row per attempt; the primary key serves find(key), latest(runId), attempts(runId, taskId).
CREATE TABLE task_attempts (
    run_id         INTEGER NOT NULL REFERENCES dag_runs (run_id),
    task_id        TEXT    NOT NULL,
    attempt        INTEGER NOT NULL,
    status         TEXT    NOT NULL,
    scheduled_at   INTEGER NOT NULL,
    started_at     INTEGER,
    finished_at    INTEGER,
    updated_at     INTEGER NOT NULL,
    executor_id    TEXT,
    token          TEXT,
    lease_deadline INTEGER,
    error          TEXT,
    PRIMARY KEY (run_id, task_id, attempt)
) WITHOUT ROWID;
-- unfinished(): small, changes only when an attempt enters or leaves SCHEDULED/RUNNING.
CREATE INDEX task_attempts_unfinished ON task_attempts (run_id, task_id, attempt)
    WHERE status IN ('SCHEDULED', 'RUNNING');

CREATE TABLE schedule_events (
    event_id     INTEGER PRIMARY KEY,
    dag_id       TEXT    NOT NULL,
    event_type   TEXT    NOT NULL,
    scheduled_at INTEGER,
    next_at      INTEGER,
    created_at   INTEGER NOT NULL
);
CREATE INDEX schedule_events_dag ON schedule_events (dag_id, created_at, event_id);

-- log_id keeps the append order.
CREATE TABLE task_logs (
    log_id          INTEGER PRIMARY KEY,
    run_id          INTEGER NOT NULL,
    task_id         TEXT    NOT NULL,
    attempt         INTEGER NOT NULL,
    at              INTEGER NOT NULL,
    level           TEXT    NOT NULL,
    message         TEXT    NOT NULL,
    attributes_json TEXT    NOT NULL
);
CREATE INDEX task_logs_attempt ON task_logs (run_id, task_id, attempt, log_id);
