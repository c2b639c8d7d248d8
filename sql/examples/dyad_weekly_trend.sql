-- Is the relationship between two actors improving or worsening, week by week?
-- @param a=RUS  Actor code prefix of one side
-- @param b=USA  Actor code prefix of the other side
with pair_weeks as (
    select *
    from conflict_cooperation_timeseries
    where (actor1_code like $a || '%' and actor2_code like $b || '%')
       or (actor1_code like $b || '%' and actor2_code like $a || '%')
),

final as (
    select
        iso_week,
        week_start,
        sum(events) as events,
        sum(cooperative_events) as cooperative,
        sum(conflictual_events) as conflictual,
        round(sum(total_goldstein), 2) as goldstein,
        list(distinct actor1_code || '→' || coalesce(actor2_code, '?')) as directions
    from pair_weeks
    group by iso_week, week_start
)

select
    *,
    round(sum(goldstein) over (order by week_start), 2) as cumulative_goldstein
from final
order by week_start;
