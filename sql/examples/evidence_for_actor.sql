-- What exactly did the articles say about an actor? Every event involving it, with the evidence sentence and source,
-- and where its date and place came from (the words of the date; a place stated in its clause or the dateline).
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
        date_origin || coalesce(': ' || date_text, '') as date_from,
        location_name,
        location_origin,
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
