-- ppacer schema version 3 (MySQL, MariaDB): what a branch task chose and why an attempt did not run.
-- branch: the children a branch task chose on its move to SUCCESS, comma-joined (task ids cannot
--   contain commas); '' when it chose none, NULL when it did not branch.
-- reason: why the attempt is SKIPPED or UPSTREAM_FAILED; NULL otherwise.
-- Existing rows get NULL in both. One statement, since MySQL commits each DDL statement by itself.
ALTER TABLE task_attempts
    ADD COLUMN branch LONGTEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL,
    ADD COLUMN reason LONGTEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL;
