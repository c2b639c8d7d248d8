-- sentences: every sentence of every article, with its character span in articles.text.
CREATE TABLE IF NOT EXISTS sentences (
    article_id   VARCHAR NOT NULL,
    sentence_idx INTEGER NOT NULL,
    start_char   INTEGER NOT NULL,
    end_char     INTEGER NOT NULL,
    text         VARCHAR
);
COMMENT ON TABLE sentences IS 'Sentences of each article, in order. text = substr(articles.text, start_char + 1, end_char - start_char).';
COMMENT ON COLUMN sentences.article_id IS 'The article (articles.article_id).';
COMMENT ON COLUMN sentences.sentence_idx IS '0-based position of the sentence in the article.';
COMMENT ON COLUMN sentences.start_char IS '0-based character offset of the sentence start in articles.text.';
COMMENT ON COLUMN sentences.end_char IS 'Character offset one past the sentence end in articles.text.';
COMMENT ON COLUMN sentences.text IS 'The sentence text, exactly as it stands in articles.text.';
