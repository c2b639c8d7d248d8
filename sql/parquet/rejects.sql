-- rejects over Parquet: one row per (input, stage, reason) with its attempts, unless the input loaded later.
CREATE OR REPLACE VIEW rejects AS
with grouped as (
    select
        input_ref,
        stage,
        reason,
        arg_max(detail, last_seen_at) as detail,
        arg_max(run_id, last_seen_at) as run_id,
        min(created_at) as created_at,
        max(last_seen_at) as last_seen_at,
        count(*)::INTEGER as attempts,
        arg_max(raw_hash, last_seen_at) as raw_hash,
        arg_max(extractor_version, last_seen_at) as extractor_version
    from rejects_all
    group by input_ref, stage, reason
),

final as (
    select g.*
    from grouped as g
    where not exists (
        select 1 from articles as a
        where a.input_ref = g.input_ref and a.ingested_at > g.last_seen_at
    )
)

select * from final
