{#-
    metrics_weekly: one row per tenant and week (starting on config
    week_start) from the tenant's first to its last event date's week: active users (distinct users active
    in the calendar week), new users (first active date in the week), events,
    sessions starting in the week, sessions per user with a session, average
    session length (seconds), and is_complete (the week ends on or before the
    last complete date).
-#}

with

lifecycle as (

    select * from {{ ref('lifecycle_weekly') }}

),

events as (

    select
        tenant_id,
        {{ period_start('week', 'event_date') }} as week_start,
        cast(sum(events) as {{ dbt.type_bigint() }}) as events
    from {{ ref('fct_user_daily') }}
    group by tenant_id, {{ period_start('week', 'event_date') }}

),

sessions as (

    select
        tenant_id,
        {{ period_start('week', 'session_date') }} as week_start,
        count(*) as sessions,
        count(distinct user_key) as session_users,
        avg(duration_seconds) as avg_session_seconds
    from {{ ref('fct_sessions') }}
    group by tenant_id, {{ period_start('week', 'session_date') }}

),

final as (

    select
        lifecycle.tenant_id,
        lifecycle.period_start as week_start,
        lifecycle.period_end as week_end,
        lifecycle.active_users,
        lifecycle.new_users,
        coalesce(events.events, 0) as events,
        coalesce(sessions.sessions, 0) as sessions,
        cast(sessions.sessions as {{ type_double() }}) / sessions.session_users as sessions_per_user,
        sessions.avg_session_seconds,
        lifecycle.is_complete
    from lifecycle
    left join events
        on
            lifecycle.tenant_id = events.tenant_id
            and lifecycle.period_start = events.week_start
    left join sessions
        on
            lifecycle.tenant_id = sessions.tenant_id
            and lifecycle.period_start = sessions.week_start

)

select * from final
