-- Which events are reported by more than one outlet? GDELT-style clusters with their mention, article and source counts.
-- @param min_sources=2  Minimum number of distinct outlets
with final as (
    select
        event_date,
        actor1_code,
        actor2_code,
        event_code,
        status,
        num_mentions,
        num_articles,
        num_sources,
        source_names,
        source_url as first_report_url,
        first_published_at
    from event_clusters
    where num_sources >= cast($min_sources as INTEGER)
)

select * from final
order by num_sources desc, num_articles desc, event_date nulls last;
