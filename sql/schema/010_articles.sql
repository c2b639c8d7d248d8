-- articles: one row per distinct cleaned article (keyed by a hash of its text).
CREATE TABLE IF NOT EXISTS articles (
    article_id          VARCHAR NOT NULL,
    input_key           VARCHAR,
    input_ref           VARCHAR,
    origin              VARCHAR,
    url                 VARCHAR,
    source              VARCHAR,
    title               VARCHAR,
    author              VARCHAR,
    published_at        TIMESTAMP,
    published_at_origin VARCHAR,
    language            VARCHAR,
    text                VARCHAR,
    body_start          INTEGER,
    word_count          INTEGER,
    raw_hash            VARCHAR,
    source_count        INTEGER DEFAULT 1,
    extractor_version   VARCHAR,
    ingested_at         TIMESTAMP,
    run_id              VARCHAR
);
COMMENT ON TABLE articles IS 'One row per distinct cleaned article. article_id is a hash of text, so re-ingesting the same content adds no rows; a changed input (same input_key) replaces its old article.';
COMMENT ON COLUMN articles.article_id IS 'Content hash (SHA-256, 32 hex) of text: the stable key every other table joins on.';
COMMENT ON COLUMN articles.input_key IS 'Identity of the input across runs: final URL, URL, or file reference. A new version under the same key replaces the old article.';
COMMENT ON COLUMN articles.input_ref IS 'The input as the user named it: a path, path:line for JSONL, a URL, or warc#offset.';
COMMENT ON COLUMN articles.origin IS 'How the input arrived: file, jsonl, url, feed, sitemap or warc.';
COMMENT ON COLUMN articles.url IS 'The article URL when known (page metadata, JSONL url field, or fetch URL).';
COMMENT ON COLUMN articles.source IS 'The outlet: site name from metadata, the JSONL source field, or the URL host.';
COMMENT ON COLUMN articles.title IS 'The headline: page metadata for HTML, the first line for plain text.';
COMMENT ON COLUMN articles.author IS 'Author(s) from page metadata, when stated.';
COMMENT ON COLUMN articles.published_at IS 'Publication time. Null when unknown: never invented.';
COMMENT ON COLUMN articles.published_at_origin IS 'Where published_at came from: metadata, url, hint (JSONL/feed field), text (a weekday-date pair in the text) or unknown.';
COMMENT ON COLUMN articles.language IS 'ISO 639-1 language detected from the text (or declared by the input).';
COMMENT ON COLUMN articles.text IS 'Cleaned main text: the title as the first paragraph, then the body, with boilerplate removed. All offsets in other tables index into this.';
COMMENT ON COLUMN articles.body_start IS 'Character offset in text where the body starts (after the title paragraph).';
COMMENT ON COLUMN articles.word_count IS 'Number of whitespace-separated words in text.';
COMMENT ON COLUMN articles.raw_hash IS 'Hash of the raw input bytes this article was cleaned from.';
COMMENT ON COLUMN articles.source_count IS 'How many inputs carried this story: 1 plus its exact and near duplicates (see duplicates).';
COMMENT ON COLUMN articles.extractor_version IS 'Version of cleaning + extraction (code and dictionaries) that produced this article''s rows.';
COMMENT ON COLUMN articles.ingested_at IS 'When this version of the article was loaded (UTC).';
COMMENT ON COLUMN articles.run_id IS 'The run that loaded it (see runs).';
