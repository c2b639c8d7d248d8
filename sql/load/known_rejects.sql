-- known_rejects: stored rejects a run can re-issue without cleaning the input again. The same input and
-- the same raw bytes, rejected by the same extractor version under the same cleaning options, at a
-- deterministic stage (decode, clean, language) for a reason that is not machine-dependent.
-- Parameters: $version (extractor version), $options_key (CleanOptions.reject_key(), or null),
-- $stages (deterministic stages), $retried (reasons always retried). Reads the registered view _nev_rprobe
-- (input_ref, raw_hash) of the inputs about to be cleaned.
with final as (
    select r.input_ref, r.stage, r.reason, r.detail
    from rejects as r
    inner join _nev_rprobe as p
        on r.input_ref = p.input_ref and r.raw_hash = p.raw_hash
    where r.extractor_version = $version
      and r.options_key is not distinct from $options_key
      and list_contains($stages, r.stage)
      and not list_contains($retried, r.reason)
)

select * from final
