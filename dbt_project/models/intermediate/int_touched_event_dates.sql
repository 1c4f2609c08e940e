{#-
    int_touched_event_dates: one row per event_date whose facts must be
    recomputed by this run, for every tenant (the date-keyed facts rebuild a
    touched date of all tenants at once): the dates of events that arrived in the run's
    window, plus every date of an anonymous_id whose identity may have been
    re-stitched by a link that arrived in the window (stitching is retroactive),
    plus the dates and re-stitched anonymous_ids of events retracted by a
    reload of a window day (a removed file, a corrected row).
    With no window set: every event_date.
-#}

-- depends_on: {{ source('raw', 'events_retracted') }}
{{ config(tags=['arrival_window']) }}

with

new_events as (

    select
        event_date,
        tenant_id,
        anonymous_id,
        user_id
    from {{ ref('stg_events') }}
    where {{ arrival_window('arrival_date') }}

),

retracted as (

    select
        {{ to_local_date(
            event_time(adapter.quote('timestamp'), 'sent_at', 'received_at'), tenant_of('tenant_id')
        ) }} as event_date,
        {{ tenant_of('tenant_id') }} as tenant_id,
        anonymous_id,
        user_id
    from (
        {{ retracted_events('retracted.' ~ adapter.quote('timestamp')
            ~ ', retracted.sent_at, retracted.received_at, retracted.anonymous_id'
            ~ ', retracted.user_id, retracted.tenant_id', in_window=true) }}
    ) as retracted_rows

),

relinked as (

    select
        tenant_id,
        anonymous_id
    from new_events
    where anonymous_id is not null and user_id is not null
    union
    select
        tenant_id,
        anonymous_id
    from retracted
    where anonymous_id is not null and user_id is not null

),

relinked_dates as (

    select stg.event_date
    from {{ ref('stg_events') }} as stg
    inner join relinked
        on
            stg.tenant_id = relinked.tenant_id
            and stg.anonymous_id = relinked.anonymous_id
    where stg.user_id is null

),

final as (

    select event_date from new_events
    union
    select event_date from retracted
    union
    select event_date from relinked_dates

)

select * from final
