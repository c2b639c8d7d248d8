-- Sentence, entity and event date offsets that do not slice back into the article text. Must return zero rows.
with spans as (
    select 'sentences' as tbl, article_id, start_char, end_char, text from sentences
    union all select 'entities', article_id, start_char, end_char, text from entities
    union all select 'events.date_text', article_id, date_start, date_end, date_text from events
    where date_text is not null
),

final as (
    select s.tbl, s.article_id, s.start_char, s.end_char
    from spans as s
    join articles as a using (article_id)
    where s.start_char < 0
       or s.end_char > length(a.text)
       or s.start_char >= s.end_char
       or substr(a.text, s.start_char + 1, s.end_char - s.start_char) <> s.text
)

select * from final
