{#-
    fct_sessions: one row per session (tenant_id, session_id; metrics.md
    "Sessions"). Per tenant and user key,
    events ordered by event_time (ties by message_id); a session starts at the
    user's first event and whenever the gap to the previous event is strictly
    greater than var session_timeout_seconds (config/project.yml, 30 min).
    A session belongs to the event_date of its first event; duration_seconds =
    last event time - first event time. All events count (identify included).

    Incremental by session_date: a run recomputes the sessions that start
    within a day of a touched event date, reading events two days either side
    (a gap can only bridge one midnight, as the timeout is under a day).
    Sessions spanning more than one midnight are exact on a full refresh.
-#}

-- depends_on: {{ ref('int_touched_event_dates') }}
{{
    config(
        materialized='incremental',
        unique_key='session_date',
        incremental_strategy='delete+insert',
        pre_hook="{{ delete_touched_dates('session_date', 1, 1) }}",
        tags=['arrival_window'],
        meta={'flywheel_settings': ['default_tenant', 'inactive_events', 'project_timezone', 'session_timeout_seconds', 'tenant_timezones']},
    )
}}

with

events as (

    select
        tenant_id,
        message_id,
        user_key,
        event_name,
        event_time,
        event_date,
        platform,
        acquisition_channel
    from {{ ref('fct_events') }}
    {{ touched_event_dates_filter('event_date', 2, 2) }}

),

gaps as (

    select
        *,
        lag(event_time) over (
            partition by tenant_id, user_key order by event_time, message_id
        ) as previous_event_at
    from events

),

starts as (

    select
        *,
        case
            when previous_event_at is null then 1
            when
                {{ seconds_between('previous_event_at', 'event_time') }}
                > {{ flywheel_setting('session_timeout_seconds') }} then 1
            else 0
        end as is_session_start
    from gaps

),

numbered as (

    select
        *,
        sum(is_session_start) over (
            partition by tenant_id, user_key order by event_time, message_id
            rows between unbounded preceding and current row
        ) as user_session_number
    from starts

),

ordered as (

    select
        *,
        row_number() over (
            partition by tenant_id, user_key, user_session_number order by event_time, message_id
        ) as event_number,
        row_number() over (
            partition by tenant_id, user_key, user_session_number order by event_time desc, message_id desc
        ) as event_number_desc
    from numbered

),

sessions as (

    select
        tenant_id,
        user_key,
        user_session_number,
        min(event_time) as started_at,
        max(event_time) as ended_at,
        count(*) as event_count
    from ordered
    group by tenant_id, user_key, user_session_number

),

firsts as (

    select * from ordered
    where event_number = 1

),

lasts as (

    select * from ordered
    where event_number_desc = 1

),

final as (

    select
        -- ids
        sessions.tenant_id,
        {{ dbt.concat(['sessions.user_key', "'/'", 'firsts.message_id']) }} as session_id,
        sessions.user_key,

        -- time (UTC; session_date in the project time zone)
        firsts.event_date as session_date,
        sessions.started_at,
        sessions.ended_at,
        {{ seconds_between('sessions.started_at', 'sessions.ended_at') }} as duration_seconds,

        -- content
        sessions.event_count,
        firsts.message_id as first_message_id,
        firsts.event_name as first_event_name,
        lasts.event_name as last_event_name,

        -- entry attributes (of the first event)
        firsts.platform as entry_platform,
        firsts.acquisition_channel as entry_acquisition_channel

    from sessions
    inner join firsts
        on
            sessions.tenant_id = firsts.tenant_id
            and sessions.user_key = firsts.user_key
            and sessions.user_session_number = firsts.user_session_number
    inner join lasts
        on
            sessions.tenant_id = lasts.tenant_id
            and sessions.user_key = lasts.user_key
            and sessions.user_session_number = lasts.user_session_number

)

select * from final
{% if is_incremental() -%}
    where session_date in ({{ touched_event_dates(1, 1) }})
{%- endif %}
