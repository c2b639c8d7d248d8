-- runs: one row per ingest or reprocess run, with its accounting.
CREATE TABLE IF NOT EXISTS runs (
    run_id             VARCHAR NOT NULL,
    flow_run_id        VARCHAR,
    flow_name          VARCHAR,
    started_at         TIMESTAMP,
    finished_at        TIMESTAMP,
    status             VARCHAR,
    inputs             INTEGER,
    loaded             INTEGER,
    unchanged          INTEGER,
    duplicates         INTEGER,
    rejected           INTEGER,
    events             INTEGER,
    accounting_ok      BOOLEAN,
    model_name         VARCHAR,
    model_version      VARCHAR,
    extractor_version  VARCHAR,
    newsevents_version VARCHAR,
    parameters         VARCHAR,
    error              VARCHAR
);
COMMENT ON TABLE runs IS 'One row per run. Accounting invariant: inputs = loaded + unchanged + duplicates + rejected (accounting_ok).';
COMMENT ON COLUMN runs.run_id IS 'newsevents run id (UUID).';
COMMENT ON COLUMN runs.flow_run_id IS 'Prefect flow run id when the run was orchestrated by Prefect; null for local runs.';
COMMENT ON COLUMN runs.flow_name IS 'ingest or reprocess.';
COMMENT ON COLUMN runs.started_at IS 'Start time (UTC).';
COMMENT ON COLUMN runs.finished_at IS 'End time (UTC); null while running or after a crash.';
COMMENT ON COLUMN runs.status IS 'running, completed or failed.';
COMMENT ON COLUMN runs.inputs IS 'Inputs seen: files, JSONL lines, URLs, feed entries, WARC records.';
COMMENT ON COLUMN runs.loaded IS 'Inputs cleaned, extracted and loaded in this run.';
COMMENT ON COLUMN runs.unchanged IS 'Inputs skipped because the same content was already loaded by the current extractor version.';
COMMENT ON COLUMN runs.duplicates IS 'Inputs that were exact or near duplicates of an article already loaded (see duplicates).';
COMMENT ON COLUMN runs.rejected IS 'Inputs rejected in this run (see rejects).';
COMMENT ON COLUMN runs.events IS 'Event rows written by this run.';
COMMENT ON COLUMN runs.accounting_ok IS 'True when inputs = loaded + unchanged + duplicates + rejected.';
COMMENT ON COLUMN runs.model_name IS 'spaCy model used.';
COMMENT ON COLUMN runs.model_version IS 'Version of the spaCy model.';
COMMENT ON COLUMN runs.extractor_version IS 'newsevents extractor version (code and dictionaries).';
COMMENT ON COLUMN runs.newsevents_version IS 'newsevents package version.';
COMMENT ON COLUMN runs.parameters IS 'Run parameters as JSON.';
COMMENT ON COLUMN runs.error IS 'Why the run failed, when it did.';
