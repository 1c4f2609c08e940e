{#-
    stg_events: one row per tenant and message_id (deduplicated across arrival
    days: the earliest received copy wins; tenant_id is the event's, or var
    default_tenant when it has none, config/tenants.yml), typed and renamed, with the clock-skew
    corrected event_time and the event_date in the project time zone.

    Incremental: a run takes the message_ids that arrived in the run's window,
    and those retracted by a reload of a window day (raw.events_retracted),
    and re-picks the winning copy of each among all arrivals: re-running a
    window is a no-op, a late duplicate never replaces the first copy, and an
    event removed or corrected at landing is removed or corrected here.
-#}
-- depends_on: {{ source('raw', 'events_retracted') }}
{{
    config(
        materialized='incremental',
        unique_key=['tenant_id', 'message_id'],
        incremental_strategy='delete+insert',
        tags=['arrival_window'],
        meta={'flywheel_settings': ['default_tenant', 'inactive_events', 'project_timezone', 'tenant_timezones']},
        pre_hook="{{ delete_retracted_events() }}",
    )
}}

with

source as (

    select * from {{ source('raw', 'events') }}
    {% if is_incremental() %}
        where message_id in (
            select arrived.message_id from {{ source('raw', 'events') }} as arrived
            where {{ arrival_window('arrived._arrival_date') }}
            union
            {{ retracted_events('retracted.message_id') }}
        )
    {% endif %}

),

first_copies as (

    select
        *,
        {{ tenant_of('tenant_id') }} as event_tenant_id,
        row_number() over (
            partition by {{ tenant_of('tenant_id') }}, message_id
            order by received_at, _arrival_date, _source_file, _source_line
        ) as copy_number
    from source

),

renamed as (

    select
        -- ids
        event_tenant_id as tenant_id,
        message_id,
        user_id,
        anonymous_id,

        -- event
        type as event_type,
        event as event_name,

        -- timestamps (UTC)
        {{ adapter.quote('timestamp') }} as client_timestamp,
        sent_at,
        received_at,
        {{ event_time(adapter.quote('timestamp'), 'sent_at', 'received_at') }} as event_time,

        -- promoted context
        {{ json_extract_text('context', ['device', 'type']) }} as platform,
        {{ json_extract_text('context', ['campaign', 'source']) }} as acquisition_channel,

        -- payloads (JSON text)
        properties,
        context,
        traits,

        -- lineage
        _arrival_date as arrival_date,
        _source_file as source_file,
        _source_line as source_line

    from first_copies
    where copy_number = 1

),

final as (

    select
        *,
        {{ to_local_date('event_time') }} as event_date,
        {{ is_active_event('event_type', 'event_name') }} as is_active
    from renamed

)

select * from final
