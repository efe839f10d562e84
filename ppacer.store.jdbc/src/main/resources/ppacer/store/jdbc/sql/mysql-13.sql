-- ppacer schema version 13 (MySQL, MariaDB): assets. asset_events holds every recorded event (a producing task's
-- success, or an external post); an event of a task attempt is unique per asset and attempt, an
-- external event with an idempotency key unique per asset and key (NULLs do not collide).
-- asset_consumers: the assets each consumer DAG watches, and the last event id recorded before it
-- started watching. asset_consumptions: the events each consumer took (run_id of the run that took
-- them) or dropped (run_id NULL); the primary key makes an event apply at most once per consumer.
-- Times in microseconds since the epoch.
CREATE TABLE asset_events (
    event_id        BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    asset_name      VARCHAR(255) NOT NULL,
    at              BIGINT NOT NULL,
    source_kind     VARCHAR(16) NOT NULL CHECK (source_kind IN ('TASK', 'EXTERNAL')),
    dag_id          VARCHAR(255),
    run_id          BIGINT,
    logical_time    BIGINT,
    task_id         VARCHAR(255),
    attempt         INTEGER,
    principal       VARCHAR(255),
    address         VARCHAR(255),
    metadata_json   TEXT NOT NULL,
    idempotency_key VARCHAR(200)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE UNIQUE INDEX asset_events_key ON asset_events (asset_name, idempotency_key);
CREATE UNIQUE INDEX asset_events_attempt ON asset_events (asset_name, run_id, task_id, attempt);
CREATE INDEX asset_events_asset ON asset_events (asset_name, event_id);
CREATE TABLE asset_consumers (
    dag_id         VARCHAR(255) NOT NULL,
    asset_name     VARCHAR(255) NOT NULL,
    since_event_id BIGINT NOT NULL,
    PRIMARY KEY (dag_id, asset_name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE TABLE asset_consumptions (
    dag_id      VARCHAR(255) NOT NULL,
    event_id    BIGINT NOT NULL,
    run_id      BIGINT,
    consumed_at BIGINT NOT NULL,
    PRIMARY KEY (dag_id, event_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE INDEX asset_consumptions_run ON asset_consumptions (run_id);
