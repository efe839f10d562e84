-- ppacer schema version 9 (MySQL, MariaDB): API keys.
-- One row per key: its id (the public part of the key, looked up by), name, role, DAG scopes (glob
-- patterns, comma-joined; '' for every DAG), salt and SHA-256 of salt and secret (hex; the secret is
-- never stored), who created it and when (epoch micros), when it was revoked and last used (NULL when not).
-- active_name is the name while the key is valid and NULL once revoked: names are unique among valid keys.
CREATE TABLE api_keys (
    id           VARCHAR(64) NOT NULL PRIMARY KEY,
    name         VARCHAR(255) NOT NULL,
    active_name  VARCHAR(255) UNIQUE,
    role         VARCHAR(32) NOT NULL,
    dags         TEXT NOT NULL,
    salt         VARCHAR(64) NOT NULL,
    hash         VARCHAR(64) NOT NULL,
    created_at   BIGINT NOT NULL,
    created_by   VARCHAR(255) NOT NULL,
    revoked_at   BIGINT,
    last_used_at BIGINT
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
