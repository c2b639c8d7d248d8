-- What did the US say about Russia? Quotes by one actor's speakers that mention another, and its coded statements about it.
-- @param speaker=USA  Actor code prefix of who speaks (USA matches USA, USAGOV, USAMIL, ...)
-- @param about=RUS  Actor code prefix of the actor talked about
with speaker_quotes as (
    select q.*, a.title, a.source, a.url, a.published_at
    from quotes as q
    join articles as a on a.article_id = q.article_id
    where q.speaker_actor_code like $speaker || '%'
),

quotes_about as (
    -- The other actor is named inside the quote, or an event in the quote's sentence involves it.
    select sq.*
    from speaker_quotes as sq
    where exists (
        select 1
        from entities as e
        where e.article_id = sq.article_id
          and e.actor_code like $about || '%'
          and e.start_char >= sq.start_char
          and e.end_char <= sq.end_char
    )
    or exists (
        select 1
        from events as ev
        where ev.article_id = sq.article_id
          and ev.sentence_idx = sq.sentence_idx
          and (ev.actor1_code like $about || '%' or ev.actor2_code like $about || '%')
    )
),

statements as (
    -- Verbal events (QuadClass 1 and 3: appeals, agreements, accusations, threats...) from one to the other.
    select *
    from events_enriched
    where actor1_code like $speaker || '%'
      and actor2_code like $about || '%'
      and quad_class in (1, 3)
),

final as (
    select
        'quote' as kind,
        cast(published_at as DATE) as day,
        source,
        speaker as who,
        text as what,
        cue as how,
        url
    from quotes_about
    union all
    select
        'coded statement',
        event_date,
        source,
        actor1_name,
        sentence_text,
        event_code || ' ' || coalesce(plover_event, '') || ' (' || coalesce(status, '?') || ')',
        url
    from statements
)

select * from final
order by day nulls last, kind, what;
