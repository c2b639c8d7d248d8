-- stale_raw_documents: the stored raw input of each article that an older extractor version produced,
-- one page at a time (keyset on input_key), for the reprocess flow. has_raw is false when the article's
-- raw document was never stored; reprocess reports those as rejects (no_raw_document). content_gz is null
-- when the raw bytes are in the raw store beside the database (tasks/rawstore.py), under raw_hash.
-- Parameters: $version (current extractor version), $after (last input_key of the previous page), $limit.
with stale as (
    select article_id, input_key, input_ref, raw_hash
    from articles
    where extractor_version is distinct from $version
      and input_key > $after
),

raw as (
    select
        s.input_key,
        s.input_ref as article_input_ref,
        s.raw_hash,
        r.input_ref,
        r.origin,
        r.kind,
        r.url,
        r.final_url,
        r.status,
        r.headers,
        r.hints,
        r.fetched_at,
        r.content_gz,
        r.input_key is not null as has_raw,
        row_number() over (partition by s.input_key order by r.fetched_at desc nulls last) as rn
    from stale as s
    left join raw_documents as r
        on r.input_key = s.input_key and r.raw_hash = s.raw_hash
),

final as (
    select
        input_key,
        coalesce(input_ref, article_input_ref) as input_ref,
        raw_hash,
        origin,
        kind,
        url,
        final_url,
        status,
        headers,
        hints,
        fetched_at,
        content_gz,
        has_raw
    from raw
    where rn = 1
    order by input_key
    limit $limit
)

select * from final
