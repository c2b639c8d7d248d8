-- duplicates over Parquet: the latest verdict per duplicate input, unless that input was later loaded itself.
CREATE OR REPLACE VIEW duplicates AS
with ranked as (
    select
        *,
        row_number() over (partition by input_key order by ingest_date desc, batch desc) as _rank
    from duplicates_all
),

final as (
    select r.* exclude (_rank)
    from ranked as r
    where r._rank = 1
        and not exists (
            select 1 from articles as a
            where a.input_key = r.input_key and a.ingested_at > r.created_at
        )
)

select * from final
