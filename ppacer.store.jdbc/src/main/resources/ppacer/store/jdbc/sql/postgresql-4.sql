-- ppacer schema version 4 (PostgreSQL): task outputs.
-- One row per attempt that stored an output, written in the transaction of its move to SUCCESS.
-- content_type: e.g. application/json; content: the bytes (a JSON text in UTF-8 for JSON).
CREATE TABLE task_outputs (
    run_id       BIGINT NOT NULL,
    task_id      VARCHAR(255) COLLATE "C" NOT NULL,
    attempt      INTEGER NOT NULL,
    content_type TEXT NOT NULL,
    content      BYTEA NOT NULL,
    created_at   BIGINT NOT NULL,
    PRIMARY KEY (run_id, task_id, attempt)
);
