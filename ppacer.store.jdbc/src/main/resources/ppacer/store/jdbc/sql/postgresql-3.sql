-- ppacer schema version 3 (PostgreSQL): what a branch task chose and why an attempt did not run.
-- branch: the children a branch task chose on its move to SUCCESS, comma-joined (task ids cannot
--   contain commas); '' when it chose none, NULL when it did not branch.
-- reason: why the attempt is SKIPPED or UPSTREAM_FAILED; NULL otherwise.
-- Existing rows get NULL in both; adding nullable columns without a default rewrites no row.
ALTER TABLE task_attempts ADD COLUMN branch TEXT, ADD COLUMN reason TEXT;
