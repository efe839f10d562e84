-- ppacer schema version 8 (MySQL, MariaDB): expansions of mapped tasks (dynamic task mapping).
-- One row per mapped task of a run whose parent succeeded: how many instances (task_id[0] ..
-- task_id[item_count - 1]) it has. Written in the transaction of the parent's move to SUCCESS, so a
-- crash right after that success neither loses nor changes the instances; a later success of the
-- same parent (after a clear) replaces the row in its own transaction.
CREATE TABLE task_expansions (
    run_id     BIGINT NOT NULL,
    task_id    VARCHAR(255) NOT NULL,
    item_count INTEGER NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (run_id, task_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
