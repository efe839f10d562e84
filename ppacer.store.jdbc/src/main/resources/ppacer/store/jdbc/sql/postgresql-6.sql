-- ppacer schema version 6 (PostgreSQL): pools.
-- One row per pool: its size (slots, 0 or more), when it was last set (updated_at, epoch micros) and
-- by whom (updated_by: 'config' when seeded from the scheduler configuration, else the operator).
-- Which attempts hold slots is not stored: it is derived from the RUNNING attempts.
CREATE TABLE pools (
    name       VARCHAR(255) COLLATE "C" NOT NULL PRIMARY KEY,
    slots      INTEGER NOT NULL CHECK (slots >= 0),
    updated_at BIGINT NOT NULL,
    updated_by VARCHAR(255) NOT NULL
);
