-- rejects remember the raw content and extractor version that were rejected, so a re-run over the same
-- bytes re-issues a deterministic reject (decode, clean, language) without cleaning the input again.
ALTER TABLE rejects ADD COLUMN IF NOT EXISTS raw_hash VARCHAR;
ALTER TABLE rejects ADD COLUMN IF NOT EXISTS extractor_version VARCHAR;
COMMENT ON COLUMN rejects.raw_hash IS 'Hash of the raw content that was rejected (null for inputs never read, e.g. a missing path).';
COMMENT ON COLUMN rejects.extractor_version IS 'Extractor version that rejected it. The same content under the same version is re-issued from here on a re-run, without cleaning again, for deterministic reasons (not timeouts or internal errors).';
