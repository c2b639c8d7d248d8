-- runs: who ran it (process id and host), so a run left 'running' by a killed process is marked 'crashed'.
ALTER TABLE runs ADD COLUMN IF NOT EXISTS pid INTEGER;
ALTER TABLE runs ADD COLUMN IF NOT EXISTS hostname VARCHAR;
COMMENT ON COLUMN runs.pid IS 'Process id of the run (with hostname): the next run marks a ''running'' row whose process is gone as crashed.';
COMMENT ON COLUMN runs.hostname IS 'Host the run ran on.';
COMMENT ON COLUMN runs.status IS 'running, completed, failed (an error, or the accounting invariant broken; see error) or crashed (the process died mid-run, e.g. killed; found and marked by the next run on the database).';
