-- rejects_summary: for operators, how many inputs were rejected at each stage and for what reason.
CREATE OR REPLACE VIEW rejects_summary AS
with rejects_latest as (
    select
        stage,
        reason,
        input_ref,
        detail,
        run_id,
        created_at,
        last_seen_at,
        coalesce(attempts, 1) as attempts
    from rejects
),

final as (
    select
        stage,
        reason,
        count(*) as inputs,
        sum(attempts)::BIGINT as attempts,
        count(*) filter (where attempts > 1) as rejected_repeatedly,
        count(distinct run_id) as runs,
        min(created_at) as first_seen_at,
        max(last_seen_at) as last_seen_at,
        arg_max(input_ref, last_seen_at) as example_input,
        arg_max(detail, last_seen_at) as example_detail
    from rejects_latest
    group by stage, reason
)

select * from final;
COMMENT ON VIEW rejects_summary IS 'For operators: inputs rejected per stage and reason, how often they were retried, and the latest example. The rejects table keeps one row per input, stage and reason, so inputs counts inputs, not attempts.';
COMMENT ON COLUMN rejects_summary.stage IS 'Stage that rejected them (discover, fetch, decode, clean, language, extract, load).';
COMMENT ON COLUMN rejects_summary.reason IS 'Machine-readable reason.';
COMMENT ON COLUMN rejects_summary.inputs IS 'Inputs currently rejected for this stage and reason.';
COMMENT ON COLUMN rejects_summary.attempts IS 'Total rejections over all runs (sum of rejects.attempts).';
COMMENT ON COLUMN rejects_summary.rejected_repeatedly IS 'Inputs rejected by more than one run.';
COMMENT ON COLUMN rejects_summary.runs IS 'Distinct runs that last rejected them.';
COMMENT ON COLUMN rejects_summary.first_seen_at IS 'First rejection (UTC).';
COMMENT ON COLUMN rejects_summary.last_seen_at IS 'Latest rejection (UTC).';
COMMENT ON COLUMN rejects_summary.example_input IS 'The most recently rejected input.';
COMMENT ON COLUMN rejects_summary.example_detail IS 'Its error detail.';
