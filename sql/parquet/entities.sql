-- entities over Parquet: the rows written with the live version of their article (same batch), none older.
CREATE OR REPLACE VIEW entities AS
with final as (
    select c.*
    from entities_all as c
    semi join articles as a
        on c.article_id = a.article_id and c.ingest_date = a.ingest_date and c.batch = a.batch
)

select * from final
