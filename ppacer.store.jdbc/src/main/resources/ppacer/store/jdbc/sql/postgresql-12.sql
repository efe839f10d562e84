-- ppacer schema version 12 (PostgreSQL): deferred attempts (sensors that free their slot while waiting).
-- One row per attempt that deferred itself, written in the transaction of its move RUNNING -> DEFERRED
-- and replaced by each later deferral of the same attempt. Times in microseconds since the epoch.
CREATE TABLE task_deferrals (
    run_id        BIGINT NOT NULL,
    task_id       VARCHAR(255) COLLATE "C" NOT NULL,
    attempt       INTEGER NOT NULL,
    defer_until   BIGINT NOT NULL,
    pokes         INTEGER NOT NULL CHECK (pokes >= 1),
    first_poke_at BIGINT NOT NULL,
    reason        TEXT NOT NULL,
    timeout_ms    BIGINT,
    PRIMARY KEY (run_id, task_id, attempt)
);
