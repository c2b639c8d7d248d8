-- Events stored more than once. Must return zero rows.
with final as (
    select event_id, count(*) as n
    from events
    group by event_id
    having count(*) > 1
)

select * from final
