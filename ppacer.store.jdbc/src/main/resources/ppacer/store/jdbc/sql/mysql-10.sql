-- ppacer schema version 10 (MySQL, MariaDB): the audit log of operator actions (trigger, restart,
-- clear, mark, pause, backfill and pool changes). One row per action that changed something, written
-- in the transaction of that change: who (actor, a claimed user name after ':'), when, from where
-- (address), the target ids that apply and the state before and after.
CREATE TABLE audit_log (
    audit_id     BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    at           BIGINT NOT NULL,
    actor        VARCHAR(255) NOT NULL,
    address      VARCHAR(255),
    action       VARCHAR(64) NOT NULL,
    dag_id       VARCHAR(255),
    run_id       BIGINT,
    task_id      VARCHAR(255),
    task_index   INTEGER,
    backfill_id  BIGINT,
    pool         VARCHAR(255),
    before_state TEXT,
    after_state  TEXT
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_dag ON audit_log (dag_id, audit_id);
