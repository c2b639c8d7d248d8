-- run_top_actors: who the run's articles are about — actor and named-entity mentions, most frequent first.
-- Parameters: $run_id (runs.run_id), $limit (rows).
with run_articles as (
    select article_id
    from articles
    where run_id = $run_id
),

actor_mentions as (
    select
        en.article_id,
        en.text,
        en.label,
        en.actor_code,
        en.country_code
    from entities as en
    join run_articles using (article_id)
    where en.actor_code is not null or en.label in ('PERSON', 'ORG', 'GPE', 'NORP')
),

final as (
    select
        coalesce(actor_code, text) as actor,
        any_value(text) as example_name,
        any_value(label) as label,
        any_value(country_code) as country,
        count(*) as mentions,
        count(distinct article_id) as articles
    from actor_mentions
    group by coalesce(actor_code, text)
    order by mentions desc, articles desc, actor
    limit $limit
)

select * from final
