-- Which reported actions were denied, negated or only hypothetical, and who said so?
select
    event_date,
    status,
    actor1_name,
    actor2_name,
    event_code,
    plover_event,
    trigger_text,
    sentence_text,
    source,
    url
from events_enriched
where status in ('denied', 'negated', 'hypothetical')
order by event_date nulls last, status, source;
