-- What exactly did the articles say about an actor? Every event involving it, with the evidence sentence and source.
-- @param actor=RUS  Actor code prefix (RUS matches RUS, RUSGOV, RUSMIL, ...)
with involved as (
    select *
    from events_enriched
    where actor1_code like $actor || '%'
       or actor2_code like $actor || '%'
),

final as (
    select
        event_date,
        actor1_code || ' → ' || coalesce(actor2_code, '-') as dyad,
        event_code,
        plover_event,
        status,
        trigger_text,
        sentence_text,
        source,
        url,
        start_char,
        end_char
    from involved
)

select * from final
order by event_date nulls last, source, start_char;
