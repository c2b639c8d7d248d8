-- entities: named-entity mentions, resolved to actor codes and places where possible.
CREATE TABLE IF NOT EXISTS entities (
    article_id   VARCHAR NOT NULL,
    entity_idx   INTEGER NOT NULL,
    sentence_idx INTEGER NOT NULL,
    start_char   INTEGER NOT NULL,
    end_char     INTEGER NOT NULL,
    text         VARCHAR,
    label        VARCHAR,
    actor_code   VARCHAR,
    country_code VARCHAR,
    latitude     DOUBLE,
    longitude    DOUBLE
);
COMMENT ON TABLE entities IS 'Named-entity mentions (spaCy NER plus newsevents actor rules) with offsets into articles.text.';
COMMENT ON COLUMN entities.article_id IS 'The article (articles.article_id).';
COMMENT ON COLUMN entities.entity_idx IS '0-based position of the mention in the article.';
COMMENT ON COLUMN entities.sentence_idx IS 'The sentence containing the mention (sentences.sentence_idx).';
COMMENT ON COLUMN entities.start_char IS '0-based character offset of the mention start in articles.text.';
COMMENT ON COLUMN entities.end_char IS 'Character offset one past the mention end in articles.text.';
COMMENT ON COLUMN entities.text IS 'The mention text as it stands in articles.text.';
COMMENT ON COLUMN entities.label IS 'Entity label: spaCy OntoNotes labels (PERSON, ORG, GPE, LOC, NORP, FAC, DATE, ...).';
COMMENT ON COLUMN entities.actor_code IS 'CAMEO-style actor code (country/IGO then role, e.g. USAGOV, RUSMIL, NATO) when the mention resolves to an actor; else null.';
COMMENT ON COLUMN entities.country_code IS 'ISO 3166-1 alpha-2 country of a place mention (GPE/LOC/FAC) from the offline gazetteer; else null.';
COMMENT ON COLUMN entities.latitude IS 'Latitude of a place mention from the gazetteer (WGS84); else null.';
COMMENT ON COLUMN entities.longitude IS 'Longitude of a place mention from the gazetteer (WGS84); else null.';
