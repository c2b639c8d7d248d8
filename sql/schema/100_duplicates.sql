-- duplicates: inputs whose story was already loaded, linked to the original article.
CREATE TABLE IF NOT EXISTS duplicates (
    input_key           VARCHAR NOT NULL,
    input_ref           VARCHAR,
    original_article_id VARCHAR NOT NULL,
    kind                VARCHAR NOT NULL,
    similarity          DOUBLE,
    url                 VARCHAR,
    source              VARCHAR,
    run_id              VARCHAR,
    created_at          TIMESTAMP
);
COMMENT ON TABLE duplicates IS 'Inputs not extracted because their story is already loaded: exact (same text or canonical URL) or near (syndicated copy, MinHash Jaccard). One row per input and original.';
COMMENT ON COLUMN duplicates.input_key IS 'Identity of the duplicate input (URL or file reference).';
COMMENT ON COLUMN duplicates.input_ref IS 'The duplicate input as the user named it.';
COMMENT ON COLUMN duplicates.original_article_id IS 'The article it duplicates (articles.article_id).';
COMMENT ON COLUMN duplicates.kind IS 'exact_text, exact_url or near.';
COMMENT ON COLUMN duplicates.similarity IS 'Estimated Jaccard similarity of word shingles (1.0 for exact).';
COMMENT ON COLUMN duplicates.url IS 'URL of the duplicate, when known.';
COMMENT ON COLUMN duplicates.source IS 'Outlet of the duplicate, when known.';
COMMENT ON COLUMN duplicates.run_id IS 'Run that found it.';
COMMENT ON COLUMN duplicates.created_at IS 'When it was found (UTC).';
