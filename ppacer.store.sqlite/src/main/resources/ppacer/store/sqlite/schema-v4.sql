-- ppacer SQLite schema, version 4: backfills.
-- One row per backfill of a DAG over a logical-time range (from_time..to_time, inclusive, microseconds).
-- cursor_time: the next point to process (NULL once every point is processed); it moves in the
-- transaction that creates, restarts or skips the run at that point, with the counter of that step.
-- version: incremented by every change (compare-and-set).
CREATE TABLE backfills (
    backfill_id INTEGER PRIMARY KEY AUTOINCREMENT,
    dag_id      TEXT    NOT NULL,
    from_time   INTEGER NOT NULL,
    to_time     INTEGER NOT NULL,
    max_active  INTEGER NOT NULL,
    reprocess   TEXT    NOT NULL,
    reverse     INTEGER NOT NULL,
    params_json TEXT    NOT NULL,
    created_by  TEXT    NOT NULL,
    created_at  INTEGER NOT NULL,
    state       TEXT    NOT NULL,
    cursor_time INTEGER,
    total       INTEGER NOT NULL,
    created     INTEGER NOT NULL DEFAULT 0,
    rerun       INTEGER NOT NULL DEFAULT 0,
    skipped     INTEGER NOT NULL DEFAULT 0,
    version     INTEGER NOT NULL DEFAULT 0,
    updated_at  INTEGER NOT NULL
);
-- list(dagId, states).
CREATE INDEX backfills_dag ON backfills (dag_id, backfill_id);
-- The backfill a run was created or rerun by (NULL for other runs).
ALTER TABLE dag_runs ADD COLUMN backfill_id INTEGER;
-- runCounts(backfillId).
CREATE INDEX dag_runs_backfill ON dag_runs (backfill_id, status);
