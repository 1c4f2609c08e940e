{#-
    int_touched_event_dates: one row per event_date whose facts must be
    recomputed by this run: the dates of events that arrived in the run's
    window, plus every date of an anonymous_id whose identity may have been
    re-stitched by a link that arrived in the window (stitching is retroactive).
    With no window set: every event_date.
-#}

{{ config(tags=['arrival_window']) }}

with

new_events as (

    select
        event_date,
        anonymous_id,
        user_id
    from {{ ref('stg_events') }}
    where {{ arrival_window('arrival_date') }}

),

relinked as (

    select distinct anonymous_id
    from new_events
    where anonymous_id is not null and user_id is not null

),

relinked_dates as (

    select stg.event_date
    from {{ ref('stg_events') }} as stg
    inner join relinked on stg.anonymous_id = relinked.anonymous_id
    where stg.user_id is null

),

final as (

    select event_date from new_events
    union
    select event_date from relinked_dates

)

select * from final
