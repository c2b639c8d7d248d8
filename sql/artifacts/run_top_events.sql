-- run_top_events: the events of one run's articles, most-mentioned first (the run's "top events" artifact).
-- Parameters: $run_id (runs.run_id), $limit (rows).
with run_articles as (
    select article_id, title, source
    from articles
    where run_id = $run_id
),

run_events as (
    select
        e.*,
        a.title,
        a.source
    from events as e
    join run_articles as a using (article_id)
),

final as (
    select
        coalesce(actor1_code, actor1_name) as actor1,
        trigger_text as did,
        coalesce(actor2_code, actor2_name) as actor2,
        event_code,
        plover_event,
        status,
        cast(event_date as varchar) as event_date,
        location_name as location,
        num_mentions as mentions,
        round(confidence, 2) as confidence,
        source,
        title
    from run_events
    order by num_mentions desc nulls last, confidence desc nulls last, event_id
    limit $limit
)

select * from final
