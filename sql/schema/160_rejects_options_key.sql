-- rejects remember the cleaning options that produced them: a deterministic reject is re-issued without
-- cleaning only under the same options, so changing them (adding a language, lowering min_words) retries it.
ALTER TABLE rejects ADD COLUMN IF NOT EXISTS options_key VARCHAR;
COMMENT ON COLUMN rejects.options_key IS 'Hash of the cleaning options that rejected it (size and length limits, min_words, languages, trafilatura mode). A re-run re-issues the reject without cleaning again only under the same options; null for rows stored before this column, which are cleaned again once.';
