-- actor_network: one edge per actor pair, weighted by cooperative and conflictual events.
CREATE OR REPLACE VIEW actor_network AS
with counted_events as (
    select *
    from events
    where coalesce(status, 'occurred') in ('occurred', 'planned')
      and actor1_code is not null
      and actor2_code is not null
      and actor1_code <> actor2_code
),

edges as (
    -- Symmetric events become one undirected edge under the alphabetically ordered pair.
    select
        case when is_symmetric and actor2_code < actor1_code then actor2_code else actor1_code end as source_actor,
        case when is_symmetric and actor2_code < actor1_code then actor1_code else actor2_code end as target_actor,
        coalesce(is_symmetric, false) as is_symmetric,
        quad_class,
        goldstein,
        event_date,
        article_id
    from counted_events
),

final as (
    select
        source_actor,
        target_actor,
        bool_and(is_symmetric) as undirected,
        count(*) as events,
        count(*) filter (where quad_class in (1, 2)) as cooperative_events,
        count(*) filter (where quad_class in (3, 4)) as conflictual_events,
        count(*) filter (where quad_class = 2) as material_cooperation,
        count(*) filter (where quad_class = 4) as material_conflict,
        round(coalesce(sum(goldstein) filter (where goldstein > 0), 0), 3) as cooperation_weight,
        round(coalesce(-sum(goldstein) filter (where goldstein < 0), 0), 3) as conflict_weight,
        round(coalesce(sum(goldstein), 0), 3) as net_goldstein,
        round(avg(goldstein), 3) as mean_goldstein,
        count(distinct article_id) as articles,
        min(event_date) as first_date,
        max(event_date) as last_date
    from edges
    group by source_actor, target_actor
)

select * from final;
COMMENT ON VIEW actor_network IS 'Actor network: one edge per (source_actor, target_actor) pair with both actors known and distinct, weighted by cooperative (QuadClass 1-2) and conflictual (QuadClass 3-4) events and by Goldstein sums. Counts only events that happened or are scheduled. Symmetric events are folded into the alphabetically ordered pair.';
COMMENT ON COLUMN actor_network.source_actor IS 'Source actor code (events.actor1_code).';
COMMENT ON COLUMN actor_network.target_actor IS 'Target actor code (events.actor2_code).';
COMMENT ON COLUMN actor_network.undirected IS 'True when every event on the edge is symmetric (joint action), so direction carries no meaning.';
COMMENT ON COLUMN actor_network.events IS 'Events on the edge.';
COMMENT ON COLUMN actor_network.cooperative_events IS 'Events in QuadClass 1 or 2 (verbal or material cooperation).';
COMMENT ON COLUMN actor_network.conflictual_events IS 'Events in QuadClass 3 or 4 (verbal or material conflict).';
COMMENT ON COLUMN actor_network.material_cooperation IS 'Events in QuadClass 2.';
COMMENT ON COLUMN actor_network.material_conflict IS 'Events in QuadClass 4.';
COMMENT ON COLUMN actor_network.cooperation_weight IS 'Sum of the positive Goldstein scores on the edge.';
COMMENT ON COLUMN actor_network.conflict_weight IS 'Sum of the negative Goldstein scores on the edge, as a positive number.';
COMMENT ON COLUMN actor_network.net_goldstein IS 'cooperation_weight - conflict_weight: above zero the relation is mostly cooperative.';
COMMENT ON COLUMN actor_network.mean_goldstein IS 'Mean Goldstein score of the events on the edge.';
COMMENT ON COLUMN actor_network.articles IS 'Distinct articles reporting events on the edge.';
COMMENT ON COLUMN actor_network.first_date IS 'Earliest event date on the edge.';
COMMENT ON COLUMN actor_network.last_date IS 'Latest event date on the edge.';
