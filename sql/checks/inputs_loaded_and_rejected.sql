-- Inputs that one run both loaded (or found a duplicate) and rejected: in a run, every input ends one way only. Must return zero rows.
with ended as (
    select input_ref, run_id, 'loaded' as outcome from articles
    union all
    select input_ref, run_id, 'duplicate' from duplicates
),

final as (
    select e.input_ref, e.run_id, e.outcome, r.stage, r.reason
    from ended as e
    join rejects as r on r.input_ref = e.input_ref and r.run_id = e.run_id
)

select * from final
