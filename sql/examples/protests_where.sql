-- Where were protests reported? Protest events (CAMEO root 14) per place, with dates, outlets and one evidence sentence.
-- @param since=1900-01-01  Only events on or after this date (YYYY-MM-DD)
with protests as (
    select *
    from events_enriched
    where event_root_code = '14'
      and coalesce(status, 'occurred') in ('occurred', 'planned')
      and (event_date is null or event_date >= cast($since as DATE))
),

final as (
    select
        coalesce(location_name, '(place not stated)') as place,
        location_country as country,
        any_value(latitude) as latitude,
        any_value(longitude) as longitude,
        count(*) as protests,
        min(event_date) as first_date,
        max(event_date) as last_date,
        list(distinct actor1_code) filter (where actor1_code is not null) as protesters,
        list(distinct source) filter (where source is not null) as outlets,
        arg_min(sentence_text, event_date) as example_sentence
    from protests
    group by place, country
)

select * from final
order by protests desc, last_date desc nulls last, place;
