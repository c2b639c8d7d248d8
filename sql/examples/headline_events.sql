-- Which events made the headlines, and how many times is each stated in its article?
select
    published_at,
    source,
    title,
    actor1_code,
    actor2_code,
    event_code,
    plover_event,
    status,
    num_mentions,
    mention_sentences
from events_enriched
where in_headline
order by published_at desc nulls last, source, title;
