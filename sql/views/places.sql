-- places: events per place, with coordinates, for maps.
CREATE OR REPLACE VIEW places AS
with counted_events as (
    select *
    from events
    where coalesce(status, 'occurred') in ('occurred', 'planned')
      and location_name is not null
),

place_events as (
    select
        location_name,
        location_country,
        -- One place per name and country; coordinates are the gazetteer's, so they agree.
        latitude,
        longitude,
        event_date,
        event_root_code,
        quad_class,
        goldstein,
        actor1_code,
        actor2_code,
        article_id
    from counted_events
),

final as (
    select
        location_name,
        location_country,
        avg(latitude) as latitude,
        avg(longitude) as longitude,
        count(*) as events,
        count(*) filter (where quad_class in (1, 2)) as cooperative_events,
        count(*) filter (where quad_class in (3, 4)) as conflictual_events,
        count(*) filter (where quad_class = 4) as material_conflict,
        count(*) filter (where event_root_code = '14') as protests,
        round(avg(goldstein), 3) as mean_goldstein,
        count(distinct article_id) as articles,
        min(event_date) as first_date,
        max(event_date) as last_date,
        list(distinct event_root_code) filter (where event_root_code is not null) as root_codes,
        list(distinct actor1_code) filter (where actor1_code is not null) as actors
    from place_events
    group by location_name, location_country
)

select * from final;
COMMENT ON VIEW places IS 'One row per event place (name and country): how many events happened there, how conflictual, when, and who acted, with the gazetteer coordinates for maps. Counts only events that happened or are scheduled and have a place in their own clause. latitude/longitude are null when the gazetteer has no coordinates.';
COMMENT ON COLUMN places.location_name IS 'Place name (events.location_name).';
COMMENT ON COLUMN places.location_country IS 'ISO alpha-2 country of the place.';
COMMENT ON COLUMN places.latitude IS 'Latitude (WGS84) from the gazetteer; null when unknown.';
COMMENT ON COLUMN places.longitude IS 'Longitude (WGS84) from the gazetteer; null when unknown.';
COMMENT ON COLUMN places.events IS 'Events at the place.';
COMMENT ON COLUMN places.cooperative_events IS 'Events in QuadClass 1 or 2.';
COMMENT ON COLUMN places.conflictual_events IS 'Events in QuadClass 3 or 4.';
COMMENT ON COLUMN places.material_conflict IS 'Events in QuadClass 4 (fighting, force, coercion).';
COMMENT ON COLUMN places.protests IS 'Events with CAMEO root 14 (protest).';
COMMENT ON COLUMN places.mean_goldstein IS 'Mean Goldstein score of the events at the place.';
COMMENT ON COLUMN places.articles IS 'Distinct articles reporting events at the place.';
COMMENT ON COLUMN places.first_date IS 'Earliest event date at the place.';
COMMENT ON COLUMN places.last_date IS 'Latest event date at the place.';
COMMENT ON COLUMN places.root_codes IS 'Distinct CAMEO root codes of the events at the place.';
COMMENT ON COLUMN places.actors IS 'Distinct source actors of the events at the place.';
