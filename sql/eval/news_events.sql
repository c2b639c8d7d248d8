-- news_events: every event with the text of each sentence that states it, for `newsevents eval news`.
with mention_sentences as (
    select
        m.event_id,
        m.article_id,
        list(s.text order by m.mention_idx) as sentences
    from event_mentions m
    join sentences s
        on s.article_id = m.article_id
       and s.sentence_idx = m.sentence_idx
    group by m.event_id, m.article_id
),

final as (
    select
        e.article_id,
        e.event_id,
        e.actor1_code,
        e.actor1_name,
        e.actor2_code,
        e.actor2_name,
        e.event_root_code,
        e.event_code,
        e.is_symmetric,
        e.event_date,
        e.date_precision,
        e.status,
        e.location_name,
        e.location_origin,
        e.confidence,
        ms.sentences
    from events e
    left join mention_sentences ms
        on ms.event_id = e.event_id
       and ms.article_id = e.article_id
    order by e.article_id, e.sentence_idx, e.event_id
)
select * from final
