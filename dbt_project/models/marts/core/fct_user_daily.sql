{#-
    fct_user_daily: one row per tenant, user key and event_date on which the user has
    any event. is_active: at least one active event that day (metrics.md
    "active event"). first_platform / first_acquisition_channel: of the day's
    first event (by event_time, ties by message_id).

    Incremental by event_date, over the dates in int_touched_event_dates.
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

    select * from {{ ref('fct_events') }}
    {{ touched_event_dates_filter('event_date') }}

),

ordered as (

    select
        *,
        row_number() over (
            partition by tenant_id, user_key, event_date order by event_time, message_id
        ) as event_number
    from events

),

daily as (

    select
        tenant_id,
        user_key,
        event_date,
        count(*) as events,
        cast(sum(case when is_active then 1 else 0 end) as {{ dbt.type_bigint() }}) as active_events,
        min(event_time) as first_event_at,
        max(event_time) as last_event_at
    from events
    group by tenant_id, user_key, event_date

),

firsts as (

    select
        tenant_id,
        user_key,
        event_date,
        platform as first_platform,
        acquisition_channel as first_acquisition_channel
    from ordered
    where event_number = 1

),

final as (

    select
        daily.tenant_id,
        daily.user_key,
        daily.event_date,
        daily.active_events > 0 as is_active,
        daily.events,
        daily.active_events,
        daily.first_event_at,
        daily.last_event_at,
        firsts.first_platform,
        firsts.first_acquisition_channel
    from daily
    inner join firsts
        on
            daily.tenant_id = firsts.tenant_id
            and daily.user_key = firsts.user_key
            and daily.event_date = firsts.event_date

)

select * from final
