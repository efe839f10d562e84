-- ppacer SQLite schema, version 2: what a branch task chose and why an attempt did not run.
-- branch: the children a branch task chose on its move to SUCCESS, comma-joined (task ids cannot
--   contain commas); '' when it chose none, NULL when it did not branch.
-- reason: why the attempt is SKIPPED or UPSTREAM_FAILED; NULL otherwise.
-- Rows written before version 2 get NULL in both (ADD COLUMN of a nullable column rewrites nothing).
ALTER TABLE task_attempts ADD COLUMN branch TEXT;
ALTER TABLE task_attempts ADD COLUMN reason TEXT;
