-- Duplicates whose original article is missing (a duplicate must point at a loaded story). Must return zero rows.
with final as (
    select d.input_key, d.original_article_id
    from duplicates as d
    anti join articles as a on a.article_id = d.original_article_id
)

select * from final
