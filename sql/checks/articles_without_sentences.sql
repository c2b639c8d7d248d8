-- Articles whose sentences are missing (a partial article: the article row without its children). Must return zero rows.
with final as (
    select a.article_id
    from articles as a
    anti join sentences as s using (article_id)
    where a.word_count > 0
)

select * from final
