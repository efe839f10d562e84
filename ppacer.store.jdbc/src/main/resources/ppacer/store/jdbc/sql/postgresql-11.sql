-- ppacer schema version 11 (PostgreSQL): DAG bundle versions.
-- One row per deploy of a bundle (a modular jar of DAGs): its version number within the bundle
-- (1, 2, ...), its content hash (SHA-256, hex), when and by whom, the DAG ids it provides (JSON array)
-- and whether it is the bundle's active version (at most one per bundle; none once undeployed).
-- A deploy inserts its row and clears the previous active flag in one transaction.
CREATE TABLE bundle_versions (
    bundle      VARCHAR(255) COLLATE "C" NOT NULL,
    version     INTEGER NOT NULL,
    hash        CHAR(64) COLLATE "C" NOT NULL,
    deployed_at BIGINT NOT NULL,
    deployed_by VARCHAR(255) NOT NULL,
    dag_ids     TEXT NOT NULL,
    active      BOOLEAN NOT NULL,
    PRIMARY KEY (bundle, version)
);
CREATE INDEX bundle_versions_hash ON bundle_versions (hash);
-- The bundle version a run started with (NULL for a run of a DAG built into the image).
ALTER TABLE dag_runs ADD COLUMN bundle_hash CHAR(64) COLLATE "C";
