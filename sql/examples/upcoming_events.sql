-- What talks, meetings, visits or other events are announced, and for when?
-- @param from=1900-01-01  Only events planned for this date or later (YYYY-MM-DD)
with planned as (
    select *
    from events_enriched
    where status = 'planned'
      and (event_date is null or event_date >= cast($from as DATE))
),

final as (
    select
        event_date,
        date_precision,
        actor1_name,
        actor2_name,
        event_code,
        plover_event,
        location_name,
        count(*) over (partition by event_date, event_code) as reports_same_day_and_code,
        source,
        published_at,
        sentence_text
    from planned
)

select * from final
order by event_date nulls last, event_code, published_at;
