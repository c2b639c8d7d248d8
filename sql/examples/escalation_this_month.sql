-- Who is escalating against whom this month? Actor pairs whose conflictual events grew against the 30 days before.
-- @param as_of=latest  Last day of the window (YYYY-MM-DD), or "latest" for the newest event date in the database
-- @param days=30  Window length in days
with bounds as (
    select
        coalesce(try_cast($as_of as DATE), (select max(event_date) from events)) as as_of,
        cast($days as INTEGER) as days
),

windowed as (
    select
        d.actor1_code,
        d.actor2_code,
        case
            when d.event_date > b.as_of - b.days and d.event_date <= b.as_of then 'current'
            when d.event_date > b.as_of - 2 * b.days and d.event_date <= b.as_of - b.days then 'previous'
        end as period,
        d.verbal_conflict + d.material_conflict as conflictual,
        d.material_conflict,
        d.events,
        d.total_goldstein
    from event_dyads_daily as d
    cross join bounds as b
    where d.actor2_code is not null
),

final as (
    select
        actor1_code,
        actor2_code,
        coalesce(sum(conflictual) filter (where period = 'current'), 0) as conflict_now,
        coalesce(sum(conflictual) filter (where period = 'previous'), 0) as conflict_before,
        coalesce(sum(material_conflict) filter (where period = 'current'), 0) as material_conflict_now,
        round(coalesce(sum(total_goldstein) filter (where period = 'current'), 0), 2) as goldstein_now,
        round(coalesce(sum(total_goldstein) filter (where period = 'previous'), 0), 2) as goldstein_before
    from windowed
    where period is not null
    group by actor1_code, actor2_code
)

select
    *,
    conflict_now - conflict_before as escalation,
    (select as_of from bounds) as window_end
from final
where conflict_now > 0
order by escalation desc, goldstein_now asc, actor1_code, actor2_code;
