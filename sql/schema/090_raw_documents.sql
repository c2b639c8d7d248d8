-- raw_documents: the raw bytes of every input, compressed, so re-extraction never has to fetch again.
CREATE TABLE IF NOT EXISTS raw_documents (
    raw_hash     VARCHAR NOT NULL,
    input_key    VARCHAR,
    input_ref    VARCHAR,
    origin       VARCHAR,
    kind         VARCHAR,
    url          VARCHAR,
    final_url    VARCHAR,
    status       INTEGER,
    headers      VARCHAR,
    hints        VARCHAR,
    fetched_at   TIMESTAMP,
    size_bytes   BIGINT,
    content_gz   BLOB,
    article_id   VARCHAR,
    run_id       VARCHAR
);
COMMENT ON TABLE raw_documents IS 'Raw inputs (HTML or text), gzip-compressed, one row per distinct content hash and input. reprocess re-cleans and re-extracts from here with no fetching.';
COMMENT ON COLUMN raw_documents.raw_hash IS 'SHA-256 (32 hex) of the raw content.';
COMMENT ON COLUMN raw_documents.input_key IS 'Identity of the input: final URL, URL, or file reference.';
COMMENT ON COLUMN raw_documents.input_ref IS 'The input as the user named it.';
COMMENT ON COLUMN raw_documents.origin IS 'file, jsonl, url, feed, sitemap or warc.';
COMMENT ON COLUMN raw_documents.kind IS 'html or text: how the content is cleaned.';
COMMENT ON COLUMN raw_documents.url IS 'Requested URL, when fetched or given.';
COMMENT ON COLUMN raw_documents.final_url IS 'URL after redirects.';
COMMENT ON COLUMN raw_documents.status IS 'HTTP status of the fetch (null for local inputs).';
COMMENT ON COLUMN raw_documents.headers IS 'HTTP response headers as JSON (ETag, Last-Modified, Content-Type...).';
COMMENT ON COLUMN raw_documents.hints IS 'Metadata that came with the input (JSONL or feed fields) as JSON.';
COMMENT ON COLUMN raw_documents.fetched_at IS 'When it was fetched or read (UTC).';
COMMENT ON COLUMN raw_documents.size_bytes IS 'Uncompressed size in bytes.';
COMMENT ON COLUMN raw_documents.content_gz IS 'The raw content, gzip-compressed (UTF-8 for text inputs).';
COMMENT ON COLUMN raw_documents.article_id IS 'The article cleaned from it (null when it was rejected).';
COMMENT ON COLUMN raw_documents.run_id IS 'The run that stored it.';
