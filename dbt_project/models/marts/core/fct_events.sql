{#-
    fct_events: one row per event (tenant_id, message_id), attributed to its
    stitched user key within its tenant (metrics.md "user key"): user_id when
    present; else the user_id its anonymous_id maps to in the same tenant (int_identity_map, earliest rule, retroactive);
    else 'anon:<anonymous_id>'.

    Incremental by event_date: a run rebuilds every date in
    int_touched_event_dates, so a late event or a late sign-in corrects the
    dates it belongs to and nothing else.
-#}

-- depends_on: {{ ref('int_touched_event_dates') }}
{{
    config(
        materialized='incremental',
        unique_key='event_date',
        incremental_strategy='delete+insert',
        tags=['arrival_window'],
        meta={'flywheel_settings': ['default_tenant', 'inactive_events', 'project_timezone', 'tenant_timezones']},
        pre_hook="{{ delete_touched_dates('event_date') }}",
    )
}}

with

events as (

    select * from {{ ref('stg_events') }}
    {{ touched_event_dates_filter('event_date') }}

),

identity_map as (

    select * from {{ ref('int_identity_map') }}

),

final as (

    select
        -- ids
        events.tenant_id,
        events.message_id,
        coalesce(
            events.user_id,
            identity_map.user_id,
            {{ dbt.concat(["'anon:'", 'events.anonymous_id']) }}
        ) as user_key,
        events.user_id,
        events.anonymous_id,

        -- event
        events.event_type,
        events.event_name,
        events.is_active,

        -- time
        events.event_time,
        events.event_date,
        events.received_at,
        events.arrival_date,

        -- attributes
        events.platform,
        events.acquisition_channel,
        events.properties,
        events.context

    from events
    left join identity_map
        on
            events.user_id is null
            and events.tenant_id = identity_map.tenant_id
            and events.anonymous_id = identity_map.anonymous_id

)

select * from final
