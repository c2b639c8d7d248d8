-- Rows of article tables whose article is missing (a partial article). Must return zero rows.
with children as (
    select 'sentences' as tbl, article_id from sentences
    union all select 'entities', article_id from entities
    union all select 'events', article_id from events
    union all select 'event_mentions', article_id from event_mentions
    union all select 'quotes', article_id from quotes
),

final as (
    select c.tbl, c.article_id
    from children as c
    anti join articles as a using (article_id)
)

select * from final
