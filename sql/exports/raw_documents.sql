-- raw_documents for export: every row with its raw bytes, read from the raw store beside the database
-- (tasks/rawstore.py: <store>/<first 2 hex>/<raw_hash>.gz) when content_gz is null, so an exported
-- raw_documents.parquet holds the content as before the store existed.
-- Parameters: $store (the store's folder), $files (a glob of its files).
with blobs as (
    select filename, content
    from read_blob($files)
),

final as (
    select r.* replace (coalesce(r.content_gz, b.content) as content_gz)
    from raw_documents as r
    left join blobs as b
        on b.filename = $store || '/' || left(r.raw_hash, 2) || '/' || r.raw_hash || '.gz'
)

select * from final
