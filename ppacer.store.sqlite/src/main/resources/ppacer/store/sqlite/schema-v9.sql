-- ppacer SQLite schema, version 9: the audit log of operator actions (trigger, restart, clear, mark,
-- pause, backfill and pool changes). One row per action that changed something, written in the
-- transaction of that change: who (actor, a claimed user name after ':'), when, from where (address),
-- the target ids that apply and the state before and after.
CREATE TABLE audit_log (
    audit_id    INTEGER PRIMARY KEY AUTOINCREMENT,
    at          INTEGER NOT NULL,
    actor       TEXT    NOT NULL,
    address     TEXT,
    action      TEXT    NOT NULL,
    dag_id      TEXT,
    run_id      INTEGER,
    task_id     TEXT,
    task_index  INTEGER,
    backfill_id INTEGER,
    pool        TEXT,
    before_state TEXT,
    after_state  TEXT
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_dag ON audit_log (dag_id, audit_id);
