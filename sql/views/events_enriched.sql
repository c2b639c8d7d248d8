-- events_enriched: every event with its article, evidence sentence, outlet, quotes and place, for reading evidence.
CREATE OR REPLACE VIEW events_enriched AS
with mention_sentences as (
    select
        m.event_id,
        m.article_id,
        bool_or(coalesce(m.in_headline, false)) as in_headline,
        list(s.text order by m.mention_idx) as mention_sentences
    from event_mentions as m
    left join sentences as s on s.article_id = m.article_id and s.sentence_idx = m.sentence_idx
    group by m.event_id, m.article_id
),

sentence_quotes as (
    -- Quotes that start in, or overlap, the event's sentence.
    select
        e.event_id,
        e.article_id,
        list(
            struct_pack(
                quote_idx := q.quote_idx,
                speaker := q.speaker,
                speaker_actor_code := q.speaker_actor_code,
                cue := q.cue,
                text := q.text
            )
            order by q.quote_idx
        ) as sentence_quotes
    from events as e
    join quotes as q
        on q.article_id = e.article_id
        and (q.sentence_idx = e.sentence_idx or (q.start_char < e.end_char and q.end_char > e.start_char))
    group by e.event_id, e.article_id
),

article_quotes as (
    select
        article_id,
        list(
            struct_pack(
                quote_idx := quote_idx,
                speaker := speaker,
                speaker_actor_code := speaker_actor_code,
                cue := cue,
                text := text
            )
            order by quote_idx
        ) as article_quotes
    from quotes
    group by article_id
),

final as (
    select
        e.event_id,
        e.event_date,
        e.date_precision,
        e.date_origin,
        e.date_text,
        e.status,
        e.actor1_code,
        e.actor1_name,
        e.actor1_country,
        e.actor2_code,
        e.actor2_name,
        e.actor2_country,
        e.is_symmetric,
        e.event_code,
        e.event_root_code,
        e.quad_class,
        e.goldstein,
        e.plover_event,
        e.plover_mode,
        e.trigger_text,
        e.confidence,
        e.num_mentions,
        coalesce(ms.in_headline, false) as in_headline,
        e.location_name,
        e.location_country,
        e.location_origin,
        e.latitude,
        e.longitude,
        e.article_id,
        a.title,
        a.url,
        a.source,
        a.published_at,
        a.language,
        a.source_count,
        e.sentence_idx,
        e.start_char,
        e.end_char,
        e.trigger_start,
        e.trigger_end,
        coalesce(s.text, substr(a.text, e.start_char + 1, e.end_char - e.start_char)) as sentence_text,
        coalesce(ms.mention_sentences, []) as mention_sentences,
        coalesce(sq.sentence_quotes, []) as sentence_quotes,
        coalesce(aq.article_quotes, []) as article_quotes,
        e.extractor_version
    from events as e
    left join articles as a on a.article_id = e.article_id
    left join sentences as s on s.article_id = e.article_id and s.sentence_idx = e.sentence_idx
    left join mention_sentences as ms on ms.event_id = e.event_id and ms.article_id = e.article_id
    left join sentence_quotes as sq on sq.event_id = e.event_id and sq.article_id = e.article_id
    left join article_quotes as aq on aq.article_id = e.article_id
)

select * from final;
COMMENT ON VIEW events_enriched IS 'One row per event (every status, including hypothetical, negated and denied), joined to its article, outlet, evidence sentence, the quotes in that sentence and in the article, and its place: the view for reading evidence. sentence_text equals substr(articles.text, start_char + 1, end_char - start_char).';
COMMENT ON COLUMN events_enriched.event_id IS 'The event (events.event_id).';
COMMENT ON COLUMN events_enriched.event_date IS 'When the event happened or is to happen.';
COMMENT ON COLUMN events_enriched.date_precision IS 'day, month or year.';
COMMENT ON COLUMN events_enriched.date_origin IS 'text (stated in the sentence), context (the date of the source''s act just before, or the day the story is about) or publication (fallback).';
COMMENT ON COLUMN events_enriched.date_text IS 'The words event_date was read from (events.date_text; offsets in events.date_start, date_end); null for the publication-date fallback.';
COMMENT ON COLUMN events_enriched.status IS 'occurred, planned, hypothetical, negated or denied.';
COMMENT ON COLUMN events_enriched.actor1_code IS 'Source actor code.';
COMMENT ON COLUMN events_enriched.actor1_name IS 'Source actor as written.';
COMMENT ON COLUMN events_enriched.actor1_country IS 'ISO alpha-3 country of the source actor.';
COMMENT ON COLUMN events_enriched.actor2_code IS 'Target actor code (null when none).';
COMMENT ON COLUMN events_enriched.actor2_name IS 'Target actor as written.';
COMMENT ON COLUMN events_enriched.actor2_country IS 'ISO alpha-3 country of the target actor.';
COMMENT ON COLUMN events_enriched.is_symmetric IS 'Joint action: actor order carries no meaning.';
COMMENT ON COLUMN events_enriched.event_code IS 'CAMEO event code.';
COMMENT ON COLUMN events_enriched.event_root_code IS 'CAMEO root code (2 digits).';
COMMENT ON COLUMN events_enriched.quad_class IS 'GDELT QuadClass 1-4.';
COMMENT ON COLUMN events_enriched.goldstein IS 'Goldstein score of the event code.';
COMMENT ON COLUMN events_enriched.plover_event IS 'PLOVER event type.';
COMMENT ON COLUMN events_enriched.plover_mode IS 'PLOVER mode, when any.';
COMMENT ON COLUMN events_enriched.trigger_text IS 'The predicate that triggered the event.';
COMMENT ON COLUMN events_enriched.confidence IS 'Coder confidence 0-1.';
COMMENT ON COLUMN events_enriched.num_mentions IS 'How often the article states the event.';
COMMENT ON COLUMN events_enriched.in_headline IS 'True when one of the mentions is in the title paragraph.';
COMMENT ON COLUMN events_enriched.location_name IS 'Place of the event: from its own clause, or the article''s dateline (location_origin).';
COMMENT ON COLUMN events_enriched.location_country IS 'ISO alpha-2 country of the place.';
COMMENT ON COLUMN events_enriched.location_origin IS 'text (a place in the event''s own clause) or dateline (the article''s dateline, for an event of the story''s days with an actor of that country).';
COMMENT ON COLUMN events_enriched.latitude IS 'Latitude of the place.';
COMMENT ON COLUMN events_enriched.longitude IS 'Longitude of the place.';
COMMENT ON COLUMN events_enriched.article_id IS 'The article (articles.article_id).';
COMMENT ON COLUMN events_enriched.title IS 'Headline of the article.';
COMMENT ON COLUMN events_enriched.url IS 'URL of the article, when known.';
COMMENT ON COLUMN events_enriched.source IS 'Outlet of the article.';
COMMENT ON COLUMN events_enriched.published_at IS 'Publication time of the article.';
COMMENT ON COLUMN events_enriched.language IS 'Language of the article.';
COMMENT ON COLUMN events_enriched.source_count IS 'How many inputs carried the article (1 + duplicates).';
COMMENT ON COLUMN events_enriched.sentence_idx IS 'Sentence of the first mention.';
COMMENT ON COLUMN events_enriched.start_char IS 'Start of that sentence in articles.text.';
COMMENT ON COLUMN events_enriched.end_char IS 'End (exclusive) of that sentence in articles.text.';
COMMENT ON COLUMN events_enriched.trigger_start IS 'Offset of the trigger in articles.text.';
COMMENT ON COLUMN events_enriched.trigger_end IS 'End (exclusive) of the trigger in articles.text.';
COMMENT ON COLUMN events_enriched.sentence_text IS 'The evidence sentence (first mention), exactly as in the article.';
COMMENT ON COLUMN events_enriched.mention_sentences IS 'Sentences of every mention of the event, in order (headline first when it is one).';
COMMENT ON COLUMN events_enriched.sentence_quotes IS 'Quotes starting in or overlapping the evidence sentence: list of {quote_idx, speaker, speaker_actor_code, cue, text}.';
COMMENT ON COLUMN events_enriched.article_quotes IS 'Every quote of the article: list of {quote_idx, speaker, speaker_actor_code, cue, text}.';
COMMENT ON COLUMN events_enriched.extractor_version IS 'Extractor version that coded the event.';
