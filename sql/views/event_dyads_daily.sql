-- event_dyads_daily: one row per day and actor pair, with counts per QuadClass, mean Goldstein and mentions.
CREATE OR REPLACE VIEW event_dyads_daily AS
with counted_events as (
    -- Only events reported as having happened or as scheduled; hypothetical, negated and denied ones
    -- are left out of every count (read them in events_enriched).
    select *
    from events
    where coalesce(status, 'occurred') in ('occurred', 'planned')
),

dyad_events as (
    -- Symmetric events ("Washington and Moscow will negotiate") carry no direction: order their pair.
    select
        e.event_date,
        case when e.is_symmetric and e.actor2_code < e.actor1_code then e.actor2_code else e.actor1_code end
            as actor1_code,
        case when e.is_symmetric and e.actor2_code < e.actor1_code then e.actor1_code else e.actor2_code end
            as actor2_code,
        e.quad_class,
        e.goldstein,
        coalesce(e.num_mentions, 1) as num_mentions,
        e.status,
        coalesce(e.is_symmetric, false) as is_symmetric,
        e.article_id,
        a.source
    from counted_events as e
    left join articles as a on a.article_id = e.article_id
),

final as (
    select
        event_date,
        actor1_code,
        actor2_code,
        count(*) as events,
        count(*) filter (where quad_class = 1) as verbal_cooperation,
        count(*) filter (where quad_class = 2) as material_cooperation,
        count(*) filter (where quad_class = 3) as verbal_conflict,
        count(*) filter (where quad_class = 4) as material_conflict,
        round(avg(goldstein), 3) as mean_goldstein,
        round(sum(goldstein), 3) as total_goldstein,
        sum(num_mentions)::BIGINT as mentions,
        count(distinct article_id) as articles,
        count(distinct source) as sources,
        count(*) filter (where status = 'planned') as planned_events,
        count(*) filter (where is_symmetric) as symmetric_events
    from dyad_events
    group by event_date, actor1_code, actor2_code
)

select * from final;
COMMENT ON VIEW event_dyads_daily IS 'One row per event date and actor pair (actor1 → actor2): counts per GDELT QuadClass, Goldstein and mentions. Counts only events that happened or are scheduled (status occurred, planned or unknown). Symmetric events are counted once under the alphabetically ordered pair. actor2_code is null for events without a target.';
COMMENT ON COLUMN event_dyads_daily.event_date IS 'The event date (events.event_date); null when the coder found none.';
COMMENT ON COLUMN event_dyads_daily.actor1_code IS 'Source actor code (for symmetric events: the alphabetically first actor).';
COMMENT ON COLUMN event_dyads_daily.actor2_code IS 'Target actor code (for symmetric events: the alphabetically second actor); null when no target.';
COMMENT ON COLUMN event_dyads_daily.events IS 'Events counted for the pair that day.';
COMMENT ON COLUMN event_dyads_daily.verbal_cooperation IS 'Events in QuadClass 1 (CAMEO roots 01-05).';
COMMENT ON COLUMN event_dyads_daily.material_cooperation IS 'Events in QuadClass 2 (CAMEO roots 06-08).';
COMMENT ON COLUMN event_dyads_daily.verbal_conflict IS 'Events in QuadClass 3 (CAMEO roots 09-13).';
COMMENT ON COLUMN event_dyads_daily.material_conflict IS 'Events in QuadClass 4 (CAMEO roots 14-20).';
COMMENT ON COLUMN event_dyads_daily.mean_goldstein IS 'Mean Goldstein score of the events (-10 conflict to +10 cooperation).';
COMMENT ON COLUMN event_dyads_daily.total_goldstein IS 'Sum of the Goldstein scores of the events.';
COMMENT ON COLUMN event_dyads_daily.mentions IS 'Sum of events.num_mentions: how often the articles state these events.';
COMMENT ON COLUMN event_dyads_daily.articles IS 'Distinct articles reporting these events.';
COMMENT ON COLUMN event_dyads_daily.sources IS 'Distinct outlets (articles.source) reporting these events.';
COMMENT ON COLUMN event_dyads_daily.planned_events IS 'How many of the events are planned (announced for that date) rather than occurred.';
COMMENT ON COLUMN event_dyads_daily.symmetric_events IS 'How many of the events are symmetric (joint action, no direction).';
