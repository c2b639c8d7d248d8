-- What kinds of events dominate the coverage? Events per CAMEO root category, with their share and tone.
with root_names (event_root_code, root_name) as (
    -- CAMEO 1.1b3 root categories (GDELT CAMEO.eventcodes.txt).
    values
        ('01', 'Make public statement'), ('02', 'Appeal'), ('03', 'Express intent to cooperate'),
        ('04', 'Consult'), ('05', 'Engage in diplomatic cooperation'), ('06', 'Engage in material cooperation'),
        ('07', 'Provide aid'), ('08', 'Yield'), ('09', 'Investigate'), ('10', 'Demand'), ('11', 'Disapprove'),
        ('12', 'Reject'), ('13', 'Threaten'), ('14', 'Protest'), ('15', 'Exhibit force posture'),
        ('16', 'Reduce relations'), ('17', 'Coerce'), ('18', 'Assault'), ('19', 'Fight'),
        ('20', 'Use unconventional mass violence')
),

counted as (
    select event_root_code, quad_class, goldstein, status, article_id
    from events
),

final as (
    select
        c.event_root_code,
        coalesce(r.root_name, '(unknown)') as root_name,
        any_value(c.quad_class) as quad_class,
        count(*) as events,
        count(*) filter (where coalesce(c.status, 'occurred') = 'occurred') as occurred,
        count(*) filter (where c.status = 'planned') as planned,
        count(*) filter (where c.status in ('hypothetical', 'negated', 'denied')) as not_happened,
        round(100.0 * count(*) / sum(count(*)) over (), 1) as share_pct,
        round(avg(c.goldstein), 2) as mean_goldstein,
        count(distinct c.article_id) as articles
    from counted as c
    left join root_names as r on r.event_root_code = c.event_root_code
    group by c.event_root_code, r.root_name
)

select * from final
order by events desc, event_root_code;
