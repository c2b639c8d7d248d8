-- Which pairs of actors deal with each other most, and is it cooperation or conflict?
-- @param limit=20  How many pairs to show
with ranked as (
    select
        source_actor,
        target_actor,
        undirected,
        events,
        cooperative_events,
        conflictual_events,
        net_goldstein,
        mean_goldstein,
        articles,
        first_date,
        last_date,
        case
            when cooperative_events > conflictual_events then 'mostly cooperative'
            when conflictual_events > cooperative_events then 'mostly conflictual'
            else 'mixed'
        end as tone
    from actor_network
),

final as (
    select * from ranked
    order by events desc, abs(net_goldstein) desc, source_actor, target_actor
    limit cast($limit as INTEGER)
)

select * from final;
