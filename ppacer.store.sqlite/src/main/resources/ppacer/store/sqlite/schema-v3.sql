-- ppacer SQLite schema, version 3: task outputs.
-- One row per attempt that stored an output, written in the transaction of its move to SUCCESS.
-- content_type: e.g. application/json; content: the bytes (a JSON text in UTF-8 for JSON).
-- A rowid table (not WITHOUT ROWID): rows of up to the output limit (64 KiB by default) are large.
CREATE TABLE task_outputs (
    run_id       INTEGER NOT NULL,
    task_id      TEXT    NOT NULL,
    attempt      INTEGER NOT NULL,
    content_type TEXT    NOT NULL,
    content      BLOB    NOT NULL,
    created_at   INTEGER NOT NULL,
    PRIMARY KEY (run_id, task_id, attempt)
);
