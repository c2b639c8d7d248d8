-- Articles whose raw input is not stored (written in the same transaction, so a crash cannot split them). Must return zero rows.
with final as (
    select a.article_id, a.input_ref
    from articles as a
    anti join raw_documents as r
        on r.raw_hash = a.raw_hash and r.input_key = a.input_key
)

select * from final
