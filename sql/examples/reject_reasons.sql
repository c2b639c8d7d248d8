-- Why were inputs rejected, at which stage, and which input is an example of each reason?
select
    stage,
    reason,
    inputs,
    attempts,
    rejected_repeatedly,
    last_seen_at,
    example_input,
    example_detail
from rejects_summary
order by inputs desc, stage, reason;
