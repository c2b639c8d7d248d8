-- quotes: direct quotations with their speakers.
CREATE TABLE IF NOT EXISTS quotes (
    article_id         VARCHAR NOT NULL,
    quote_idx          INTEGER NOT NULL,
    sentence_idx       INTEGER,
    start_char         INTEGER NOT NULL,
    end_char           INTEGER NOT NULL,
    text               VARCHAR,
    speaker            VARCHAR,
    speaker_start      INTEGER,
    speaker_end        INTEGER,
    speaker_actor_code VARCHAR,
    cue                VARCHAR
);
COMMENT ON TABLE quotes IS 'Direct quotations (text inside quotation marks) and who said them.';
COMMENT ON COLUMN quotes.article_id IS 'The article (articles.article_id).';
COMMENT ON COLUMN quotes.quote_idx IS '0-based position of the quote in the article.';
COMMENT ON COLUMN quotes.sentence_idx IS 'Sentence where the quote starts.';
COMMENT ON COLUMN quotes.start_char IS 'Offset of the quoted text (inside the marks) in articles.text.';
COMMENT ON COLUMN quotes.end_char IS 'End (exclusive) of the quoted text.';
COMMENT ON COLUMN quotes.text IS 'The quoted words.';
COMMENT ON COLUMN quotes.speaker IS 'Who said it, as written ("the spokesperson for the National Security Council"); pronouns resolved to the last compatible speaker.';
COMMENT ON COLUMN quotes.speaker_start IS 'Offset of the speaker mention in articles.text (null when resolved from context).';
COMMENT ON COLUMN quotes.speaker_end IS 'End (exclusive) of the speaker mention.';
COMMENT ON COLUMN quotes.speaker_actor_code IS 'Actor code of the speaker (e.g. USAGOV for the NSC spokesperson), when resolvable.';
COMMENT ON COLUMN quotes.cue IS 'The speech verb linking speaker and quote (said, insisted, added).';
