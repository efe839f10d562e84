-- ppacer SQLite schema, version 8: API keys.
-- One row per key: its id (the public part of the key, looked up by), name, role, DAG scopes (glob
-- patterns, comma-joined; '' for every DAG), salt and SHA-256 of salt and secret (hex; the secret is
-- never stored), who created it and when (epoch micros), when it was revoked and last used (NULL when not).
-- active_name is the name while the key is valid and NULL once revoked: names are unique among valid keys.
CREATE TABLE api_keys (
    id           TEXT    NOT NULL PRIMARY KEY,
    name         TEXT    NOT NULL,
    active_name  TEXT    UNIQUE,
    role         TEXT    NOT NULL,
    dags         TEXT    NOT NULL,
    salt         TEXT    NOT NULL,
    hash         TEXT    NOT NULL,
    created_at   INTEGER NOT NULL,
    created_by   TEXT    NOT NULL,
    revoked_at   INTEGER,
    last_used_at INTEGER
);
