-- ppacer schema version 5 (MySQL, MariaDB): backfills.
-- One row per backfill of a DAG over a logical-time range (from_time..to_time, inclusive, microseconds).
-- cursor_time: the next point to process (NULL once every point is processed); it moves in the
-- transaction that creates, restarts or skips the run at that point, with the counter of that step.
-- version: incremented by every change (compare-and-set).
CREATE TABLE backfills (
    backfill_id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    dag_id      VARCHAR(255) NOT NULL,
    from_time   BIGINT NOT NULL,
    to_time     BIGINT NOT NULL,
    max_active  INTEGER NOT NULL,
    reprocess   VARCHAR(16) NOT NULL,
    reverse     BOOLEAN NOT NULL,
    params_json LONGTEXT NOT NULL,
    created_by  VARCHAR(255) NOT NULL,
    created_at  BIGINT NOT NULL,
    state       VARCHAR(16) NOT NULL,
    cursor_time BIGINT,
    total       INTEGER NOT NULL,
    created     INTEGER NOT NULL DEFAULT 0,
    rerun       INTEGER NOT NULL DEFAULT 0,
    skipped     INTEGER NOT NULL DEFAULT 0,
    version     BIGINT NOT NULL DEFAULT 0,
    updated_at  BIGINT NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE INDEX backfills_dag ON backfills (dag_id, backfill_id);
-- The backfill a run was created or rerun by (NULL for other runs).
ALTER TABLE dag_runs ADD COLUMN backfill_id BIGINT;
CREATE INDEX dag_runs_backfill ON dag_runs (backfill_id, status);
