-- Where did force, coercion, arrests or fighting happen (QuadClass 4), and who did it to whom?
-- @param since=1900-01-01  Only events on or after this date (YYYY-MM-DD)
with conflict as (
    select *
    from events_enriched
    where quad_class = 4
      and coalesce(status, 'occurred') = 'occurred'
      and (event_date is null or event_date >= cast($since as DATE))
),

final as (
    select
        coalesce(location_name, '(place not stated)') as place,
        location_country as country,
        event_root_code,
        count(*) as events,
        list(distinct actor1_code || ' → ' || coalesce(actor2_code, '-')) as dyads,
        min(event_date) as first_date,
        max(event_date) as last_date,
        round(avg(goldstein), 2) as mean_goldstein,
        arg_min(sentence_text, event_date) as example_sentence
    from conflict
    group by place, country, event_root_code
)

select * from final
order by events desc, mean_goldstein, place;
