-- fetch_state: what the fetcher remembers about feeds and sitemaps it polls, for conditional requests.
CREATE TABLE IF NOT EXISTS fetch_state (
    url           VARCHAR PRIMARY KEY,
    kind          VARCHAR,
    etag          VARCHAR,
    last_modified VARCHAR,
    status        INTEGER,
    content_hash  VARCHAR,
    body_gz       BLOB,
    fetched_at    TIMESTAMP,
    checked_at    TIMESTAMP,
    not_modified  INTEGER DEFAULT 0
);
COMMENT ON TABLE fetch_state IS 'One row per polled feed or sitemap URL: the validators of its last answer (sent back as If-None-Match / If-Modified-Since) and its last body, so a 304 still yields its entries.';
COMMENT ON COLUMN fetch_state.url IS 'The feed or sitemap URL as requested.';
COMMENT ON COLUMN fetch_state.kind IS 'feed or sitemap.';
COMMENT ON COLUMN fetch_state.etag IS 'ETag of the last full (200) answer; sent back as If-None-Match.';
COMMENT ON COLUMN fetch_state.last_modified IS 'Last-Modified of the last full answer; sent back as If-Modified-Since.';
COMMENT ON COLUMN fetch_state.status IS 'HTTP status of the latest poll (200 or 304).';
COMMENT ON COLUMN fetch_state.content_hash IS 'SHA-256 (32 hex) of the last body.';
COMMENT ON COLUMN fetch_state.body_gz IS 'The last body, gzip-compressed: re-read when the server answers 304.';
COMMENT ON COLUMN fetch_state.fetched_at IS 'When the last full body arrived (UTC).';
COMMENT ON COLUMN fetch_state.checked_at IS 'When the URL was last polled, whatever the answer (UTC).';
COMMENT ON COLUMN fetch_state.not_modified IS 'How many polls in a row answered 304 since the last full body.';
