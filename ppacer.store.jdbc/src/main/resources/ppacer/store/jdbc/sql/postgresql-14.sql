-- ppacer schema version 14 (PostgreSQL): an index for a long history (issue 24 point 3).
-- recent(dagId, beforeRunId, limit), the DAG page's grid, pages a DAG's runs by run id. With only
-- (dag_id, logical_time) PostgreSQL read every run of the DAG and sorted them for the top 50 (10,000 runs
-- of a DAG in a store of 1,000,000 runs); with this index it reads the 50 rows of the page, backward.
-- (unfinished() gained no index: its query now names the unfinished statuses, which dag_runs_status
-- serves; its NOT IN read every run.)
CREATE INDEX dag_runs_dag_run ON dag_runs (dag_id, run_id);
