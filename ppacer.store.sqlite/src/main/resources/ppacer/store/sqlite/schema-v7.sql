-- ppacer SQLite schema, version 7: expansions of mapped tasks (dynamic task mapping).
-- One row per mapped task of a run whose parent succeeded: how many instances (task_id[0] ..
-- task_id[count - 1]) it has. Written in the transaction of the parent's move to SUCCESS, so a crash
-- right after that success neither loses nor changes the instances; a later success of the same
-- parent (after a clear) replaces the row in its own transaction.
CREATE TABLE task_expansions (
    run_id     INTEGER NOT NULL,
    task_id    TEXT    NOT NULL,
    item_count INTEGER NOT NULL CHECK (item_count >= 0),
    created_at INTEGER NOT NULL,
    PRIMARY KEY (run_id, task_id)
) WITHOUT ROWID;
