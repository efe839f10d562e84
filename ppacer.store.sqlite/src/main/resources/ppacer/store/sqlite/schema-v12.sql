-- ppacer SQLite schema, version 12: assets. asset_events holds every recorded event (a producing task's
-- success, or an external post); an event of a task attempt is unique per asset and attempt, an
-- external event with an idempotency key unique per asset and key (NULLs do not collide).
-- asset_consumers: the assets each consumer DAG watches, and the last event id recorded before it
-- started watching (older events are not pending for it). asset_consumptions: the events each
-- consumer took (run_id of the run that took them) or dropped (run_id NULL); the primary key makes
-- an event apply at most once per consumer. Times in microseconds since the epoch.
CREATE TABLE asset_events (
    event_id        INTEGER PRIMARY KEY AUTOINCREMENT,
    asset_name      TEXT    NOT NULL,
    at              INTEGER NOT NULL,
    source_kind     TEXT    NOT NULL CHECK (source_kind IN ('TASK', 'EXTERNAL')),
    dag_id          TEXT,
    run_id          INTEGER,
    logical_time    INTEGER,
    task_id         TEXT,
    attempt         INTEGER,
    principal       TEXT,
    address         TEXT,
    metadata_json   TEXT    NOT NULL,
    idempotency_key TEXT
);
CREATE UNIQUE INDEX asset_events_key ON asset_events (asset_name, idempotency_key);
CREATE UNIQUE INDEX asset_events_attempt ON asset_events (asset_name, run_id, task_id, attempt);
CREATE INDEX asset_events_asset ON asset_events (asset_name, event_id);
CREATE TABLE asset_consumers (
    dag_id         TEXT    NOT NULL,
    asset_name     TEXT    NOT NULL,
    since_event_id INTEGER NOT NULL,
    PRIMARY KEY (dag_id, asset_name)
) WITHOUT ROWID;
CREATE TABLE asset_consumptions (
    dag_id      TEXT    NOT NULL,
    event_id    INTEGER NOT NULL,
    run_id      INTEGER,
    consumed_at INTEGER NOT NULL,
    PRIMARY KEY (dag_id, event_id)
) WITHOUT ROWID;
CREATE INDEX asset_consumptions_run ON asset_consumptions (run_id);
