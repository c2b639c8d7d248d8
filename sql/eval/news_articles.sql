-- news_articles: the articles `newsevents eval news` maps onto the gold's pages (by input path or URL).
with final as (
    select article_id, input_ref, url, word_count, text
    from articles
)
select * from final
