-- Event mentions without their event, and events without any mention. Must return zero rows.
with orphan_mentions as (
    select m.event_id, 'mention without event' as problem
    from event_mentions as m
    anti join events as e using (event_id)
),

silent_events as (
    select e.event_id, 'event without mention' as problem
    from events as e
    anti join event_mentions as m using (event_id)
),

final as (
    select * from orphan_mentions
    union all
    select * from silent_events
)

select * from final
