-- Who is quoted most, by how many outlets, and what did they say first?
-- @param limit=20  How many speakers to show
with final as (
    select
        coalesce(speaker_key, '(no speaker found)') as speaker_key,
        speaker,
        speaker_actor_code,
        quotes,
        articles,
        sources,
        first_published_at,
        last_published_at,
        quote_list[1].text as first_quote,
        quote_list[1].source as first_quote_source
    from quotes_by_speaker
)

select * from final
order by quotes desc, sources desc, speaker_key
limit cast($limit as INTEGER);
