-- ppacer schema version 7 (MySQL, MariaDB): missed deadlines.
-- One row per run (task_id '') or task whose deadline passed unfinished, claimed (inserted once,
-- through the leader's fenced store) before its alert is sent: the alert goes out once across
-- restarts and failovers.
CREATE TABLE deadline_alerts (
    run_id    BIGINT NOT NULL,
    task_id   VARCHAR(255) NOT NULL,
    due_at    BIGINT NOT NULL,
    missed_at BIGINT NOT NULL,
    PRIMARY KEY (run_id, task_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
