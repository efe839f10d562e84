-- ppacer schema version 1 (MySQL, MariaDB). Instants are BIGINT microseconds since the epoch (UTC).
CREATE TABLE dags (
    dag_id          VARCHAR(255) NOT NULL PRIMARY KEY,
    description     LONGTEXT NOT NULL,
    tags            LONGTEXT NOT NULL,
    schedule        LONGTEXT NOT NULL,
    catch_up        SMALLINT NOT NULL,
    max_active_runs INTEGER NOT NULL,
    fingerprint     VARCHAR(255) NOT NULL,
    version         INTEGER NOT NULL,
    active          SMALLINT NOT NULL,
    paused          SMALLINT NOT NULL,
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE TABLE dag_tasks (
    dag_id      VARCHAR(255) NOT NULL,
    version     INTEGER NOT NULL,
    task_id     VARCHAR(255) NOT NULL,
    position    INTEGER NOT NULL,
    task_class  LONGTEXT NOT NULL,
    parents     LONGTEXT NOT NULL,
    depth       INTEGER NOT NULL,
    width       INTEGER NOT NULL,
    config_json LONGTEXT NOT NULL,
    PRIMARY KEY (dag_id, version, task_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE TABLE dag_runs (
    run_id       BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    dag_id       VARCHAR(255) NOT NULL,
    logical_time BIGINT NOT NULL,
    status       VARCHAR(32) NOT NULL,
    params_json  LONGTEXT NOT NULL,
    trigger_type VARCHAR(32) NOT NULL,
    task_count   INTEGER NOT NULL,
    restarts     INTEGER NOT NULL,
    created_at   BIGINT NOT NULL,
    started_at   BIGINT,
    finished_at  BIGINT,
    updated_at   BIGINT NOT NULL,
    CONSTRAINT dag_runs_dag_logical UNIQUE (dag_id, logical_time)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE INDEX dag_runs_status ON dag_runs (status);
CREATE TABLE dag_run_restarts (
    run_id     BIGINT NOT NULL,
    restart    INTEGER NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (run_id, restart)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE TABLE task_attempts (
    run_id         BIGINT NOT NULL,
    task_id        VARCHAR(255) NOT NULL,
    attempt        INTEGER NOT NULL,
    status         VARCHAR(32) NOT NULL,
    scheduled_at   BIGINT NOT NULL,
    started_at     BIGINT,
    finished_at    BIGINT,
    updated_at     BIGINT NOT NULL,
    executor_id    VARCHAR(255),
    token          VARCHAR(255),
    lease_deadline BIGINT,
    error          LONGTEXT,
    PRIMARY KEY (run_id, task_id, attempt)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE INDEX task_attempts_status ON task_attempts (status);
CREATE TABLE schedule_events (
    event_id     BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    dag_id       VARCHAR(255) NOT NULL,
    event_type   VARCHAR(32) NOT NULL,
    scheduled_at BIGINT,
    next_at      BIGINT,
    created_at   BIGINT NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE INDEX schedule_events_dag ON schedule_events (dag_id, event_id);
CREATE TABLE task_logs (
    log_id          BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    run_id          BIGINT NOT NULL,
    task_id         VARCHAR(255) NOT NULL,
    attempt         INTEGER NOT NULL,
    logged_at       BIGINT NOT NULL,
    level           VARCHAR(16) NOT NULL,
    message         LONGTEXT NOT NULL,
    attributes_json LONGTEXT NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE INDEX task_logs_attempt ON task_logs (run_id, task_id, attempt, log_id);
