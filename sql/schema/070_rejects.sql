-- rejects: every input that could not be loaded, with the stage and the reason.
CREATE TABLE IF NOT EXISTS rejects (
    input_ref    VARCHAR NOT NULL,
    stage        VARCHAR NOT NULL,
    reason       VARCHAR NOT NULL,
    detail       VARCHAR,
    run_id       VARCHAR,
    created_at   TIMESTAMP,
    last_seen_at TIMESTAMP,
    attempts     INTEGER DEFAULT 1
);
COMMENT ON TABLE rejects IS 'Inputs that could not be loaded. One row per input, stage and reason: a re-run updates last_seen_at and attempts instead of adding rows. An input that later loads is removed from here.';
COMMENT ON COLUMN rejects.input_ref IS 'The input as the user named it: path, path:line, URL or warc#offset.';
COMMENT ON COLUMN rejects.stage IS 'Where it failed: discover, fetch, decode, clean, language, extract or load.';
COMMENT ON COLUMN rejects.reason IS 'Short machine-readable reason (empty, binary, invalid_utf8, charset_mismatch, no_article_text, malformed_jsonl, unreadable, too_large, http_404, ...).';
COMMENT ON COLUMN rejects.detail IS 'Human-readable detail: the error message, byte offset or line.';
COMMENT ON COLUMN rejects.run_id IS 'The latest run that rejected it (runs.run_id).';
COMMENT ON COLUMN rejects.created_at IS 'When it was first rejected (UTC).';
COMMENT ON COLUMN rejects.last_seen_at IS 'When it was last rejected (UTC).';
COMMENT ON COLUMN rejects.attempts IS 'How many runs have rejected it.';
