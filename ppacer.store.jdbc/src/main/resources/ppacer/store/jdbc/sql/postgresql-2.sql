-- ppacer schema version 2 (PostgreSQL): the scheduler leader lease, one row, timed by the database clock.
-- epoch is the fencing epoch (+1 at every acquisition); expires_at is in microseconds since the epoch.
CREATE TABLE leader_lease (
    id          INTEGER NOT NULL PRIMARY KEY,
    epoch       BIGINT NOT NULL,
    leader_id   VARCHAR(255),
    url         VARCHAR(1024) NOT NULL,
    acquired_at BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL
);
INSERT INTO leader_lease (id, epoch, leader_id, url, acquired_at, expires_at) VALUES (1, 0, NULL, '', 0, 0);
