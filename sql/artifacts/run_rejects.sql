-- run_rejects: the inputs one run rejected, with the stage and reason (the run's "rejects" artifact).
-- Parameters: $run_id (runs.run_id), $limit (rows).
with final as (
    select
        input_ref,
        stage,
        reason,
        left(detail, 200) as detail,
        attempts
    from rejects
    where run_id = $run_id
    order by stage, reason, input_ref
    limit $limit
)

select * from final
