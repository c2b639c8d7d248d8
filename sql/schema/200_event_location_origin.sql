-- events.location_origin: where the event's place came from, so that a fallback is never mistaken for a
-- stated place: text (a place in the event's own clause) or dateline (the article's dateline, for an event
-- that happened in the story's days, with no place of its own, and an actor of the dateline's country).
ALTER TABLE events ADD COLUMN IF NOT EXISTS location_origin VARCHAR;
COMMENT ON COLUMN events.location_origin IS 'Where the place came from: text (a place in the event''s own clause) or dateline (the article''s dateline, "WASHINGTON (AP) —", for an event that happened within a week of publication, with no place of its own and an actor of the dateline''s country); null when there is no place.';
COMMENT ON COLUMN events.location_name IS 'Place of the event: a place in its own clause ("in southern Russia"), or else, marked by location_origin ''dateline'', the article''s dateline; never just any place in the article.';
