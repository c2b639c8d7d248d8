-- events: coded events (who did what to whom, when and where), one row per distinct event per article.
CREATE TABLE IF NOT EXISTS events (
    event_id          VARCHAR NOT NULL,
    article_id        VARCHAR NOT NULL,
    sentence_idx      INTEGER NOT NULL,
    start_char        INTEGER NOT NULL,
    end_char          INTEGER NOT NULL,
    trigger_text      VARCHAR,
    trigger_start     INTEGER,
    trigger_end       INTEGER,
    actor1_code       VARCHAR,
    actor1_name       VARCHAR,
    actor1_country    VARCHAR,
    actor2_code       VARCHAR,
    actor2_name       VARCHAR,
    actor2_country    VARCHAR,
    is_symmetric      BOOLEAN,
    event_code        VARCHAR,
    event_root_code   VARCHAR,
    quad_class        INTEGER,
    goldstein         DOUBLE,
    plover_event      VARCHAR,
    plover_mode       VARCHAR,
    event_date        DATE,
    date_precision    VARCHAR,
    date_origin       VARCHAR,
    status            VARCHAR,
    location_name     VARCHAR,
    location_country  VARCHAR,
    latitude          DOUBLE,
    longitude         DOUBLE,
    num_mentions      INTEGER,
    confidence        DOUBLE,
    extractor_version VARCHAR
);
COMMENT ON TABLE events IS 'Coded events. Several mentions of one event in an article (headline, lede, body) are one row here and several rows in event_mentions. start_char/end_char locate the first mention''s sentence.';
COMMENT ON COLUMN events.event_id IS 'Stable hash of article, actors, event code, date and status: re-runs upsert, never duplicate.';
COMMENT ON COLUMN events.article_id IS 'The article (articles.article_id).';
COMMENT ON COLUMN events.sentence_idx IS 'Sentence of the first mention (sentences.sentence_idx).';
COMMENT ON COLUMN events.start_char IS 'Start of the first mention''s sentence in articles.text (0-based).';
COMMENT ON COLUMN events.end_char IS 'End (exclusive) of the first mention''s sentence in articles.text.';
COMMENT ON COLUMN events.trigger_text IS 'The predicate that triggered the event (e.g. "will negotiate").';
COMMENT ON COLUMN events.trigger_start IS 'Offset of the trigger verb in articles.text.';
COMMENT ON COLUMN events.trigger_end IS 'End (exclusive) of the trigger verb in articles.text.';
COMMENT ON COLUMN events.actor1_code IS 'Source actor, CAMEO style: country or IGO code then role (USA, USAGOV, RUSMIL, NATO, WST).';
COMMENT ON COLUMN events.actor1_name IS 'Source actor as written in the text.';
COMMENT ON COLUMN events.actor1_country IS 'ISO 3166-1 alpha-3 country of the source actor, when it has one.';
COMMENT ON COLUMN events.actor2_code IS 'Target actor code, or null when the event has no resolvable target.';
COMMENT ON COLUMN events.actor2_name IS 'Target actor as written in the text.';
COMMENT ON COLUMN events.actor2_country IS 'ISO 3166-1 alpha-3 country of the target actor, when it has one.';
COMMENT ON COLUMN events.is_symmetric IS 'True when the actors act jointly ("Washington and Moscow will negotiate"): actor1/actor2 order carries no meaning.';
COMMENT ON COLUMN events.event_code IS 'CAMEO event code (2-4 digits, leading zeros kept).';
COMMENT ON COLUMN events.event_root_code IS 'CAMEO root code (first two digits).';
COMMENT ON COLUMN events.quad_class IS 'GDELT QuadClass: 1 verbal cooperation (roots 01-05), 2 material cooperation (06-08), 3 verbal conflict (09-13), 4 material conflict (14-20).';
COMMENT ON COLUMN events.goldstein IS 'Goldstein scale weight of event_code (GDELT CAMEO lookup), -10 to +10.';
COMMENT ON COLUMN events.plover_event IS 'PLOVER event type mapped from the CAMEO code (CAMEO2PLOVER, CC BY-SA 4.0).';
COMMENT ON COLUMN events.plover_mode IS 'PLOVER mode mapped from the CAMEO code, when the mapping gives one.';
COMMENT ON COLUMN events.event_date IS 'When the event happened or is to happen, resolved from its own sentence against the publication date.';
COMMENT ON COLUMN events.date_precision IS 'Precision of event_date: day, month or year (a month is stored as its first day).';
COMMENT ON COLUMN events.date_origin IS 'Where event_date came from: text (stated in the sentence) or publication (fallback to the publication date); null when nothing is known.';
COMMENT ON COLUMN events.status IS 'occurred, planned (will/scheduled), hypothetical (could/may), negated (did not) or denied. Only occurred events happened.';
COMMENT ON COLUMN events.location_name IS 'Place in the event''s own clause ("in southern Russia"), never just any place in the article.';
COMMENT ON COLUMN events.location_country IS 'ISO 3166-1 alpha-2 country of the event place (gazetteer).';
COMMENT ON COLUMN events.latitude IS 'Latitude of the event place (gazetteer).';
COMMENT ON COLUMN events.longitude IS 'Longitude of the event place (gazetteer).';
COMMENT ON COLUMN events.num_mentions IS 'How many times the article states this event (rows in event_mentions).';
COMMENT ON COLUMN events.confidence IS 'Coder confidence 0-1: higher when actors resolve from dictionaries and the verb pattern is specific.';
COMMENT ON COLUMN events.extractor_version IS 'Version of the extractor (code and dictionaries) that coded the event.';
