-- ppacer SQLite schema, version 6: missed deadlines.
-- One row per run (task_id '') or task whose deadline passed unfinished, claimed (inserted once)
-- before its alert is sent, so that the alert goes out once across restarts.
CREATE TABLE deadline_alerts (
    run_id    INTEGER NOT NULL,
    task_id   TEXT    NOT NULL,
    due_at    INTEGER NOT NULL,
    missed_at INTEGER NOT NULL,
    PRIMARY KEY (run_id, task_id)
) WITHOUT ROWID;
