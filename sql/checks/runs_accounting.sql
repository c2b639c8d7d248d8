-- Completed runs whose counts break inputs = loaded + unchanged + duplicates + rejected. Must return zero rows.
with final as (
    select run_id, inputs, loaded, unchanged, duplicates, rejected, accounting_ok
    from runs
    where status = 'completed'
      and (not coalesce(accounting_ok, false)
           or inputs is distinct from loaded + unchanged + duplicates + rejected)
)

select * from final
