-- raw_documents over Parquet: one row per (raw_hash, input_key), the latest write.
CREATE OR REPLACE VIEW raw_documents AS
with ranked as (
    select
        *,
        row_number() over (partition by raw_hash, input_key order by ingest_date desc, batch desc) as _rank
    from raw_documents_all
),

final as (
    select * exclude (_rank) from ranked where _rank = 1
)

select * from final
