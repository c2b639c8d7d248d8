-- event_mentions: every place an event is stated.
CREATE TABLE IF NOT EXISTS event_mentions (
    event_id      VARCHAR NOT NULL,
    article_id    VARCHAR NOT NULL,
    mention_idx   INTEGER NOT NULL,
    sentence_idx  INTEGER NOT NULL,
    start_char    INTEGER NOT NULL,
    end_char      INTEGER NOT NULL,
    trigger_start INTEGER,
    trigger_end   INTEGER,
    in_headline   BOOLEAN
);
COMMENT ON TABLE event_mentions IS 'Each statement of an event in an article (headline, lede, body), with the sentence it came from.';
COMMENT ON COLUMN event_mentions.event_id IS 'The event (events.event_id).';
COMMENT ON COLUMN event_mentions.article_id IS 'The article (articles.article_id).';
COMMENT ON COLUMN event_mentions.mention_idx IS '0-based position of this mention among the event''s mentions.';
COMMENT ON COLUMN event_mentions.sentence_idx IS 'The sentence stating the event (sentences.sentence_idx).';
COMMENT ON COLUMN event_mentions.start_char IS 'Start of that sentence in articles.text (0-based).';
COMMENT ON COLUMN event_mentions.end_char IS 'End (exclusive) of that sentence in articles.text.';
COMMENT ON COLUMN event_mentions.trigger_start IS 'Offset of the trigger verb of this mention in articles.text.';
COMMENT ON COLUMN event_mentions.trigger_end IS 'End (exclusive) of the trigger verb of this mention.';
COMMENT ON COLUMN event_mentions.in_headline IS 'True when the mention is in the title paragraph.';
