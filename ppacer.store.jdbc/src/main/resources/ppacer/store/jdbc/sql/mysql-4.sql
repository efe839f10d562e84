-- ppacer schema version 4 (MySQL, MariaDB): task outputs.
-- One row per attempt that stored an output, written in the transaction of its move to SUCCESS.
-- content_type: e.g. application/json; content: the bytes (a JSON text in UTF-8 for JSON); MEDIUMBLOB
-- holds up to 16 MiB, the largest output limit the scheduler accepts.
CREATE TABLE task_outputs (
    run_id       BIGINT NOT NULL,
    task_id      VARCHAR(255) NOT NULL,
    attempt      INTEGER NOT NULL,
    content_type VARCHAR(255) NOT NULL,
    content      MEDIUMBLOB NOT NULL,
    created_at   BIGINT NOT NULL,
    PRIMARY KEY (run_id, task_id, attempt)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
