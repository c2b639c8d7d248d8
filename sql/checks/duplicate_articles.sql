-- Articles stored more than once. Must return zero rows.
with final as (
    select article_id, count(*) as n
    from articles
    group by article_id
    having count(*) > 1
)

select * from final
