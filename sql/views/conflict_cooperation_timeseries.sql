-- conflict_cooperation_timeseries: per actor pair and ISO week, cooperation against conflict.
CREATE OR REPLACE VIEW conflict_cooperation_timeseries AS
with counted_events as (
    select *
    from events
    where coalesce(status, 'occurred') in ('occurred', 'planned')
      and event_date is not null
),

weekly as (
    select
        cast(date_trunc('week', event_date) as DATE) as week_start,
        strftime(event_date, '%G-W%V') as iso_week,
        case when is_symmetric and actor2_code < actor1_code then actor2_code else actor1_code end as actor1_code,
        case when is_symmetric and actor2_code < actor1_code then actor1_code else actor2_code end as actor2_code,
        quad_class,
        goldstein
    from counted_events
),

aggregated as (
    select
        week_start,
        iso_week,
        actor1_code,
        actor2_code,
        count(*) as events,
        count(*) filter (where quad_class in (1, 2)) as cooperative_events,
        count(*) filter (where quad_class in (3, 4)) as conflictual_events,
        count(*) filter (where quad_class = 1) as verbal_cooperation,
        count(*) filter (where quad_class = 2) as material_cooperation,
        count(*) filter (where quad_class = 3) as verbal_conflict,
        count(*) filter (where quad_class = 4) as material_conflict,
        round(avg(goldstein), 3) as mean_goldstein,
        round(coalesce(sum(goldstein), 0), 3) as total_goldstein
    from weekly
    group by week_start, iso_week, actor1_code, actor2_code
),

final as (
    select
        *,
        cooperative_events - conflictual_events as net_cooperation,
        round(conflictual_events / events, 3) as conflict_share,
        round(
            sum(total_goldstein) over (
                partition by actor1_code, actor2_code order by week_start
                rows between unbounded preceding and current row
            ),
            3
        ) as cumulative_goldstein
    from aggregated
)

select * from final;
COMMENT ON VIEW conflict_cooperation_timeseries IS 'Per actor pair and ISO week (Monday start): cooperative against conflictual events and Goldstein, for trend charts. Counts only dated events that happened or are scheduled; symmetric events use the alphabetically ordered pair. Weeks with no events are absent (fill them in the client).';
COMMENT ON COLUMN conflict_cooperation_timeseries.week_start IS 'Monday of the ISO week.';
COMMENT ON COLUMN conflict_cooperation_timeseries.iso_week IS 'ISO week label, e.g. 2022-W02.';
COMMENT ON COLUMN conflict_cooperation_timeseries.actor1_code IS 'Source actor code.';
COMMENT ON COLUMN conflict_cooperation_timeseries.actor2_code IS 'Target actor code (null when no target).';
COMMENT ON COLUMN conflict_cooperation_timeseries.events IS 'Events of the pair that week.';
COMMENT ON COLUMN conflict_cooperation_timeseries.cooperative_events IS 'Events in QuadClass 1 or 2.';
COMMENT ON COLUMN conflict_cooperation_timeseries.conflictual_events IS 'Events in QuadClass 3 or 4.';
COMMENT ON COLUMN conflict_cooperation_timeseries.verbal_cooperation IS 'Events in QuadClass 1.';
COMMENT ON COLUMN conflict_cooperation_timeseries.material_cooperation IS 'Events in QuadClass 2.';
COMMENT ON COLUMN conflict_cooperation_timeseries.verbal_conflict IS 'Events in QuadClass 3.';
COMMENT ON COLUMN conflict_cooperation_timeseries.material_conflict IS 'Events in QuadClass 4.';
COMMENT ON COLUMN conflict_cooperation_timeseries.mean_goldstein IS 'Mean Goldstein score that week.';
COMMENT ON COLUMN conflict_cooperation_timeseries.total_goldstein IS 'Sum of Goldstein scores that week.';
COMMENT ON COLUMN conflict_cooperation_timeseries.net_cooperation IS 'cooperative_events - conflictual_events.';
COMMENT ON COLUMN conflict_cooperation_timeseries.conflict_share IS 'conflictual_events / events (0-1).';
COMMENT ON COLUMN conflict_cooperation_timeseries.cumulative_goldstein IS 'Running sum of total_goldstein for the pair up to and including this week.';
