-- articles over Parquet: the latest version of every input (merge on read), then one row per article_id.
-- articles_all is every articles.parquet of every batch (created by tasks/parquet_out.py).
CREATE OR REPLACE VIEW articles AS
with latest_per_input as (
    select
        *,
        row_number() over (partition by input_key order by ingested_at desc, ingest_date desc, batch desc) as _by_input
    from articles_all
),

latest_per_article as (
    select
        * exclude (_by_input),
        row_number() over (partition by article_id order by ingested_at desc, ingest_date desc, batch desc) as _by_id
    from latest_per_input
    where _by_input = 1
),

final as (
    select * exclude (_by_id) from latest_per_article where _by_id = 1
)

select * from final
