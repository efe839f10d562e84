-- ppacer SQLite schema, version 11: deferred attempts (sensors that free their slot while waiting).
-- One row per attempt that deferred itself, written in the transaction of its move RUNNING -> DEFERRED
-- and replaced by each later deferral of the same attempt; the attempt row's status says whether it
-- waits (DEFERRED) or is poked (SCHEDULED, RUNNING). Times in microseconds since the epoch.
CREATE TABLE task_deferrals (
    run_id        INTEGER NOT NULL,
    task_id       TEXT    NOT NULL,
    attempt       INTEGER NOT NULL,
    defer_until   INTEGER NOT NULL,
    pokes         INTEGER NOT NULL CHECK (pokes >= 1),
    first_poke_at INTEGER NOT NULL,
    reason        TEXT    NOT NULL,
    timeout_ms    INTEGER,
    PRIMARY KEY (run_id, task_id, attempt)
) WITHOUT ROWID;
-- unfinished(): DEFERRED attempts are unfinished too (recovery resumes their runs).
DROP INDEX task_attempts_unfinished;
CREATE INDEX task_attempts_unfinished ON task_attempts (run_id, task_id, attempt)
    WHERE status IN ('SCHEDULED', 'RUNNING', 'DEFERRED');
