-- quotes_by_speaker: one row per speaker (actor code when resolved, else the name as written), with all their quotes.
CREATE OR REPLACE VIEW quotes_by_speaker AS
with quote_rows as (
    select
        coalesce(q.speaker_actor_code, lower(trim(q.speaker))) as speaker_key,
        q.speaker_actor_code,
        q.speaker,
        q.article_id,
        q.quote_idx,
        q.sentence_idx,
        q.start_char,
        q.end_char,
        q.cue,
        q.text,
        a.title,
        a.source,
        a.url,
        a.published_at
    from quotes as q
    left join articles as a on a.article_id = q.article_id
),

final as (
    select
        speaker_key,
        any_value(speaker_actor_code) as speaker_actor_code,
        mode(speaker) as speaker,
        list(distinct speaker) filter (where speaker is not null) as speaker_names,
        count(*) as quotes,
        count(distinct article_id) as articles,
        count(distinct source) as sources,
        min(published_at) as first_published_at,
        max(published_at) as last_published_at,
        list(
            struct_pack(
                text := text,
                cue := cue,
                speaker := speaker,
                article_id := article_id,
                quote_idx := quote_idx,
                start_char := start_char,
                end_char := end_char,
                title := title,
                source := source,
                url := url,
                published_at := published_at
            )
            order by published_at nulls last, article_id, quote_idx
        ) as quote_list
    from quote_rows
    group by speaker_key
)

select * from final;
COMMENT ON VIEW quotes_by_speaker IS 'One row per speaker: the speaker''s actor code when it resolved (so "the White House spokesperson" and "the NSC spokesperson" meet under USAGOV), else the speaker as written, lower-cased. speaker_key is null for quotes with no speaker found. quote_list holds every quote with its article.';
COMMENT ON COLUMN quotes_by_speaker.speaker_key IS 'quotes.speaker_actor_code, else lower(trim(quotes.speaker)); null when no speaker.';
COMMENT ON COLUMN quotes_by_speaker.speaker_actor_code IS 'Actor code of the speaker, when resolved.';
COMMENT ON COLUMN quotes_by_speaker.speaker IS 'The most frequent written form of the speaker.';
COMMENT ON COLUMN quotes_by_speaker.speaker_names IS 'Every distinct written form of the speaker.';
COMMENT ON COLUMN quotes_by_speaker.quotes IS 'Number of quotes.';
COMMENT ON COLUMN quotes_by_speaker.articles IS 'Distinct articles quoting the speaker.';
COMMENT ON COLUMN quotes_by_speaker.sources IS 'Distinct outlets quoting the speaker.';
COMMENT ON COLUMN quotes_by_speaker.first_published_at IS 'Publication time of the earliest article with a quote.';
COMMENT ON COLUMN quotes_by_speaker.last_published_at IS 'Publication time of the latest article with a quote.';
COMMENT ON COLUMN quotes_by_speaker.quote_list IS 'Every quote, oldest first: list of {text, cue, speaker, article_id, quote_idx, start_char, end_char, title, source, url, published_at}.';
