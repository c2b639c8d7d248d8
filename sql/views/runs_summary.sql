-- runs_summary: for operators, one row per run with its accounting, duration, throughput and what it left behind.
CREATE OR REPLACE VIEW runs_summary AS
with run_rows as (
    select
        *,
        date_diff('millisecond', started_at, finished_at) / 1000.0 as duration_s
    from runs
),

articles_per_run as (
    select run_id, count(*) as articles_now, sum(word_count)::BIGINT as words_now
    from articles
    group by run_id
),

rejects_per_run as (
    select run_id, count(*) as rejects_now
    from rejects
    group by run_id
),

duplicates_per_run as (
    select run_id, count(*) as duplicates_now
    from duplicates
    group by run_id
),

final as (
    select
        r.run_id,
        r.flow_name,
        r.flow_run_id,
        r.status,
        r.started_at,
        r.finished_at,
        round(r.duration_s, 3) as duration_s,
        r.inputs,
        r.loaded,
        r.unchanged,
        r.duplicates,
        r.rejected,
        r.events,
        r.accounting_ok,
        case when r.duration_s > 0 then round(r.loaded / r.duration_s, 2) end as docs_per_s,
        coalesce(a.articles_now, 0) as articles_now,
        coalesce(a.words_now, 0) as words_now,
        coalesce(j.rejects_now, 0) as rejects_now,
        coalesce(d.duplicates_now, 0) as duplicates_now,
        r.model_name,
        r.model_version,
        r.extractor_version,
        r.newsevents_version,
        r.error
    from run_rows as r
    left join articles_per_run as a on a.run_id = r.run_id
    left join rejects_per_run as j on j.run_id = r.run_id
    left join duplicates_per_run as d on d.run_id = r.run_id
)

select * from final;
COMMENT ON VIEW runs_summary IS 'For operators: one row per run with its accounting (inputs = loaded + unchanged + duplicates + rejected), duration, throughput, and the rows that still carry its run_id today (later runs can replace articles or clear rejects).';
COMMENT ON COLUMN runs_summary.run_id IS 'newsevents run id.';
COMMENT ON COLUMN runs_summary.flow_name IS 'ingest or reprocess.';
COMMENT ON COLUMN runs_summary.flow_run_id IS 'Prefect flow run id, when orchestrated by Prefect.';
COMMENT ON COLUMN runs_summary.status IS 'running, completed or failed.';
COMMENT ON COLUMN runs_summary.started_at IS 'Start (UTC).';
COMMENT ON COLUMN runs_summary.finished_at IS 'End (UTC); null while running or after a crash.';
COMMENT ON COLUMN runs_summary.duration_s IS 'finished_at - started_at in seconds; null when unfinished.';
COMMENT ON COLUMN runs_summary.inputs IS 'Inputs seen.';
COMMENT ON COLUMN runs_summary.loaded IS 'Inputs loaded.';
COMMENT ON COLUMN runs_summary.unchanged IS 'Inputs skipped as already loaded.';
COMMENT ON COLUMN runs_summary.duplicates IS 'Inputs found to be duplicates.';
COMMENT ON COLUMN runs_summary.rejected IS 'Inputs rejected.';
COMMENT ON COLUMN runs_summary.events IS 'Event rows written.';
COMMENT ON COLUMN runs_summary.accounting_ok IS 'inputs = loaded + unchanged + duplicates + rejected.';
COMMENT ON COLUMN runs_summary.docs_per_s IS 'loaded / duration_s.';
COMMENT ON COLUMN runs_summary.articles_now IS 'Articles whose current version this run loaded.';
COMMENT ON COLUMN runs_summary.words_now IS 'Words in those articles.';
COMMENT ON COLUMN runs_summary.rejects_now IS 'Rejects whose latest rejection was this run.';
COMMENT ON COLUMN runs_summary.duplicates_now IS 'Duplicates found by this run.';
COMMENT ON COLUMN runs_summary.model_name IS 'spaCy model used.';
COMMENT ON COLUMN runs_summary.model_version IS 'Version of the spaCy model.';
COMMENT ON COLUMN runs_summary.extractor_version IS 'Extractor version.';
COMMENT ON COLUMN runs_summary.newsevents_version IS 'newsevents version.';
COMMENT ON COLUMN runs_summary.error IS 'Why the run failed, when it did.';
