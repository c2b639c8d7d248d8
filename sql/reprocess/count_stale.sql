-- count_stale: how many articles an older extractor version produced (what reprocess will redo).
-- Parameters: $version (current extractor version).
with final as (
    select count(*) as stale
    from articles
    where extractor_version is distinct from $version
)

select * from final
