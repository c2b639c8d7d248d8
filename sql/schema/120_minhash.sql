-- minhash_signatures / minhash_bands: what near-duplicate detection remembers about every loaded article.
CREATE TABLE IF NOT EXISTS minhash_signatures (
    article_id    VARCHAR NOT NULL,
    input_key     VARCHAR,
    canonical_url VARCHAR,
    num_perm      INTEGER,
    shingle_words INTEGER,
    signature     BLOB,
    created_at    TIMESTAMP
);
COMMENT ON TABLE minhash_signatures IS 'One row per article deduplication has let through: its canonical URL (exact URL duplicates) and the MinHash signature of its body''s word shingles (near duplicates), so later runs see earlier articles. Rows whose article is gone are purged at the next run.';
COMMENT ON COLUMN minhash_signatures.article_id IS 'The article (articles.article_id).';
COMMENT ON COLUMN minhash_signatures.input_key IS 'Identity of the input it came from: another version of the same input is never its duplicate.';
COMMENT ON COLUMN minhash_signatures.canonical_url IS 'The article URL normalised by courlan, tracking parameters and fragment removed (null when unknown).';
COMMENT ON COLUMN minhash_signatures.num_perm IS 'Number of MinHash permutations in signature.';
COMMENT ON COLUMN minhash_signatures.shingle_words IS 'Words per shingle the signature was computed over.';
COMMENT ON COLUMN minhash_signatures.signature IS 'MinHash hash values (num_perm little-endian uint64); null when the body is too short for a reliable signature.';
COMMENT ON COLUMN minhash_signatures.created_at IS 'When it was computed (UTC).';

CREATE TABLE IF NOT EXISTS minhash_bands (
    band_key   BIGINT NOT NULL,
    article_id VARCHAR NOT NULL
);
COMMENT ON TABLE minhash_bands IS 'LSH index over minhash_signatures: one row per article and band. Articles sharing a band_key are near-duplicate candidates, confirmed by comparing their signatures.';
COMMENT ON COLUMN minhash_bands.band_key IS 'Hash of (band number, the band''s hash values): equal keys mean an identical band.';
COMMENT ON COLUMN minhash_bands.article_id IS 'The article (articles.article_id).';
