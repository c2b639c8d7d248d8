-- Did the latest runs account for every input, how fast were they, and what did they leave behind?
-- @param limit=10  How many runs to show, newest first
select
    run_id,
    flow_name,
    status,
    started_at,
    duration_s,
    inputs,
    loaded,
    unchanged,
    duplicates,
    rejected,
    events,
    accounting_ok,
    docs_per_s,
    articles_now,
    rejects_now,
    error
from runs_summary
order by started_at desc nulls last
limit cast($limit as INTEGER);
