-- events.date_text, date_start, date_end: the words that gave event_date, so that every date can be checked
-- against the article ("ahead of Diwali", "on Tuesday"): in the event's own sentence (date_origin 'text'),
-- or in the sentence the context rule took it from ('context'); null for the publication-date fallback.
ALTER TABLE events ADD COLUMN IF NOT EXISTS date_text VARCHAR;
ALTER TABLE events ADD COLUMN IF NOT EXISTS date_start INTEGER;
ALTER TABLE events ADD COLUMN IF NOT EXISTS date_end INTEGER;
COMMENT ON COLUMN events.date_text IS 'The words event_date was read from ("ahead of Diwali", "on Tuesday"): in the event''s sentence (date_origin text) or in the sentence the context rule used (context); null when event_date is the publication date or unknown.';
COMMENT ON COLUMN events.date_start IS 'Character offset in articles.text where date_text starts.';
COMMENT ON COLUMN events.date_end IS 'Character offset in articles.text where date_text ends (exclusive).';
