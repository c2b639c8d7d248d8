-- event_clusters: GDELT-like events across articles: the same actor pair, event code, date and status form one cluster.
CREATE OR REPLACE VIEW event_clusters AS
with keyed_events as (
    select
        -- Symmetric events carry no direction: order their pair so both orders meet.
        case when e.is_symmetric and e.actor2_code < e.actor1_code then e.actor2_code else e.actor1_code end
            as actor1_code,
        case when e.is_symmetric and e.actor2_code < e.actor1_code then e.actor1_code else e.actor2_code end
            as actor2_code,
        case when e.is_symmetric and e.actor2_code < e.actor1_code then e.actor2_name else e.actor1_name end
            as actor1_name,
        case when e.is_symmetric and e.actor2_code < e.actor1_code then e.actor1_name else e.actor2_name end
            as actor2_name,
        case when e.is_symmetric and e.actor2_code < e.actor1_code then e.actor2_country else e.actor1_country end
            as actor1_country,
        case when e.is_symmetric and e.actor2_code < e.actor1_code then e.actor1_country else e.actor2_country end
            as actor2_country,
        e.*  exclude (actor1_code, actor2_code, actor1_name, actor2_name, actor1_country, actor2_country)
    from events as e
    where e.event_code is not null
),

clustered_events as (
    select
        md5(concat_ws(
            '|',
            coalesce(k.actor1_code, ''),
            coalesce(k.actor2_code, ''),
            k.event_code,
            coalesce(cast(k.event_date as VARCHAR), ''),
            coalesce(k.status, '')
        )) as cluster_id,
        k.*,
        a.url,
        a.input_ref,
        coalesce(a.source, 'article:' || k.article_id) as source_key,
        a.source,
        a.published_at,
        a.ingested_at,
        coalesce(a.source_count, 1) as source_count
    from keyed_events as k
    left join articles as a on a.article_id = k.article_id
),

lead_events as (
    -- GDELT's IsRootEvent: the event is stated in the headline or the lead (title + first two sentences).
    select distinct event_id, article_id
    from event_mentions
    where coalesce(in_headline, false) or sentence_idx <= 2
),

cluster_articles as (
    select distinct cluster_id, article_id, source_key, source_count
    from clustered_events
),

article_counts as (
    -- Syndicated copies (duplicates) count as articles and, when from another outlet, as sources.
    select
        ca.cluster_id,
        sum(ca.source_count)::BIGINT as num_articles,
        count(distinct ca.source_key) as outlets
    from cluster_articles as ca
    group by ca.cluster_id
),

source_counts as (
    select ca.cluster_id, count(distinct s.source_key) as num_sources
    from cluster_articles as ca
    join (
        select article_id, coalesce(source, 'article:' || article_id) as source_key from articles
        union
        select original_article_id, source from duplicates where source is not null
    ) as s on s.article_id = ca.article_id
    group by ca.cluster_id
),

firsts as (
    -- The earliest report of the cluster gives its names, evidence and SOURCEURL.
    select
        cluster_id,
        arg_min(
            struct_pack(
                event_id := event_id,
                article_id := article_id,
                actor1_name := actor1_name,
                actor2_name := actor2_name,
                url := coalesce(url, input_ref),
                source := source,
                published_at := published_at,
                start_char := start_char,
                end_char := end_char
            ),
            (coalesce(published_at, ingested_at), article_id, event_id)
        ) as first_report,
        arg_min(
            struct_pack(
                name := location_name,
                country := location_country,
                latitude := latitude,
                longitude := longitude,
                origin := location_origin
            ),
            -- a place stated in an event's clause before a dateline fallback, then the earliest report
            (
                coalesce(location_origin, 'text') = 'dateline',
                coalesce(published_at, ingested_at),
                article_id,
                event_id
            )
        ) filter (where location_name is not null) as place
    from clustered_events
    group by cluster_id
),

aggregated as (
    select
        c.cluster_id,
        any_value(c.actor1_code) as actor1_code,
        any_value(c.actor2_code) as actor2_code,
        any_value(c.actor1_country) filter (where c.actor1_country is not null) as actor1_country,
        any_value(c.actor2_country) filter (where c.actor2_country is not null) as actor2_country,
        any_value(c.event_code) as event_code,
        any_value(c.event_date) as event_date,
        any_value(c.status) as status,
        max(c.event_root_code) as event_root_code,
        max(c.quad_class) as quad_class,
        max(c.goldstein) as goldstein,
        bool_and(coalesce(c.is_symmetric, false)) as is_symmetric,
        bool_or(l.event_id is not null) as is_root_event,
        count(*) as events,
        sum(coalesce(c.num_mentions, 1))::BIGINT as num_mentions,
        min(c.published_at) as first_published_at,
        min(c.ingested_at) as first_added_at,
        list(c.event_id order by c.published_at nulls last, c.article_id) as event_ids,
        list(distinct c.article_id) as article_ids,
        list(distinct c.source) filter (where c.source is not null) as source_names
    from clustered_events as c
    left join lead_events as l on l.event_id = c.event_id and l.article_id = c.article_id
    group by c.cluster_id
),

final as (
    select
        g.cluster_id,
        cast(('0x' || substr(g.cluster_id, 1, 15)) as BIGINT) as global_event_id,
        g.event_date,
        g.actor1_code,
        f.first_report.actor1_name as actor1_name,
        g.actor1_country,
        g.actor2_code,
        f.first_report.actor2_name as actor2_name,
        g.actor2_country,
        g.is_symmetric,
        g.event_code,
        case when length(g.event_code) >= 3 then substr(g.event_code, 1, 3) else g.event_code end
            as event_base_code,
        coalesce(g.event_root_code, substr(g.event_code, 1, 2)) as event_root_code,
        g.quad_class,
        g.goldstein,
        g.status,
        g.is_root_event,
        g.events,
        g.num_mentions,
        ac.num_articles,
        coalesce(sc.num_sources, ac.outlets) as num_sources,
        f.place.name as location_name,
        f.place.country as location_country,
        f.place.latitude as latitude,
        f.place.longitude as longitude,
        f.place.origin as location_origin,
        f.first_report.event_id as first_event_id,
        f.first_report.article_id as first_article_id,
        f.first_report.url as source_url,
        f.first_report.source as first_source,
        g.first_published_at,
        g.first_added_at,
        g.event_ids,
        g.article_ids,
        g.source_names
    from aggregated as g
    join firsts as f on f.cluster_id = g.cluster_id
    join article_counts as ac on ac.cluster_id = g.cluster_id
    left join source_counts as sc on sc.cluster_id = g.cluster_id
)

select * from final;
COMMENT ON VIEW event_clusters IS 'GDELT-like events: per-article events with the same actor pair (symmetric pairs ordered), CAMEO event code, event date and status form one cluster, counted across articles and outlets as GDELT counts NumMentions, NumArticles and NumSources. Names, place and SOURCEURL come from the earliest report. Every status is kept; filter on status to keep only what happened.';
COMMENT ON COLUMN event_clusters.cluster_id IS 'md5 of actor1|actor2|event_code|event_date|status: stable across re-runs.';
COMMENT ON COLUMN event_clusters.global_event_id IS 'Numeric id (first 60 bits of cluster_id), used as GDELT GLOBALEVENTID.';
COMMENT ON COLUMN event_clusters.event_date IS 'Event date shared by the cluster (null when undated).';
COMMENT ON COLUMN event_clusters.actor1_code IS 'Source actor code.';
COMMENT ON COLUMN event_clusters.actor1_name IS 'Source actor as written in the earliest report.';
COMMENT ON COLUMN event_clusters.actor1_country IS 'ISO alpha-3 country of the source actor.';
COMMENT ON COLUMN event_clusters.actor2_code IS 'Target actor code (null when none).';
COMMENT ON COLUMN event_clusters.actor2_name IS 'Target actor as written in the earliest report.';
COMMENT ON COLUMN event_clusters.actor2_country IS 'ISO alpha-3 country of the target actor.';
COMMENT ON COLUMN event_clusters.is_symmetric IS 'True when every event of the cluster is symmetric (joint action).';
COMMENT ON COLUMN event_clusters.event_code IS 'CAMEO event code.';
COMMENT ON COLUMN event_clusters.event_base_code IS 'CAMEO base code: the first three digits (GDELT EventBaseCode).';
COMMENT ON COLUMN event_clusters.event_root_code IS 'CAMEO root code: the first two digits.';
COMMENT ON COLUMN event_clusters.quad_class IS 'GDELT QuadClass 1-4.';
COMMENT ON COLUMN event_clusters.goldstein IS 'Goldstein score of the event code.';
COMMENT ON COLUMN event_clusters.status IS 'occurred, planned, hypothetical, negated or denied.';
COMMENT ON COLUMN event_clusters.is_root_event IS 'True when some article states the event in its headline or lead (title and first two sentences): GDELT IsRootEvent.';
COMMENT ON COLUMN event_clusters.events IS 'Per-article events (rows of events) in the cluster.';
COMMENT ON COLUMN event_clusters.num_mentions IS 'All mentions in all articles (sum of events.num_mentions): GDELT NumMentions.';
COMMENT ON COLUMN event_clusters.num_articles IS 'Articles reporting it, syndicated copies included (sum of articles.source_count): GDELT NumArticles.';
COMMENT ON COLUMN event_clusters.num_sources IS 'Distinct outlets reporting it, outlets of syndicated copies included: GDELT NumSources.';
COMMENT ON COLUMN event_clusters.location_name IS 'Event place: from the earliest report that states one in the event''s clause, else the earliest dateline fallback.';
COMMENT ON COLUMN event_clusters.location_origin IS 'text (stated in an event''s clause) or dateline (the article''s dateline, a fallback; see events.location_origin).';
COMMENT ON COLUMN event_clusters.location_country IS 'ISO alpha-2 country of the place.';
COMMENT ON COLUMN event_clusters.latitude IS 'Latitude of the place.';
COMMENT ON COLUMN event_clusters.longitude IS 'Longitude of the place.';
COMMENT ON COLUMN event_clusters.first_event_id IS 'The event row of the earliest report.';
COMMENT ON COLUMN event_clusters.first_article_id IS 'The article of the earliest report.';
COMMENT ON COLUMN event_clusters.source_url IS 'URL of the earliest report (its input reference when it has no URL): GDELT SOURCEURL.';
COMMENT ON COLUMN event_clusters.first_source IS 'Outlet of the earliest report.';
COMMENT ON COLUMN event_clusters.first_published_at IS 'Publication time of the earliest report.';
COMMENT ON COLUMN event_clusters.first_added_at IS 'When the first of its articles was loaded (UTC): GDELT DATEADDED.';
COMMENT ON COLUMN event_clusters.event_ids IS 'The per-article events (events.event_id) in the cluster.';
COMMENT ON COLUMN event_clusters.article_ids IS 'The articles reporting it.';
COMMENT ON COLUMN event_clusters.source_names IS 'Outlets reporting it (articles.source).';
