{#-
    metrics_daily: one row per calendar date from the first to the last
    event_date (project time zone), with the engagement metrics of metrics.md:
    dau, wau, mau (window var mau_window_days), dau_mau_ratio = dau / mau (null
    when mau is 0), new_users (users whose first active date is the date),
    events (all events of the date); sessions (fct_sessions starting on the
    date), sessions_per_user = sessions / users with a session that date, and
    avg_session_seconds (mean duration, seconds), both null without sessions;
    <funnel>_conversion for each funnel of config/funnels.yml: the share of
    the users who entered the funnel on d that reached its last step (null
    when nobody entered; provisional until the entry's window is complete);
    and is_complete: the date is on or before
    the last complete date (the day before the newest arrival day); later
    dates are provisional.
-#}

with

activity as (

    select * from {{ ref('int_active_users_daily') }}

),

new_users as (

    select
        first_active_date as metric_date,
        count(*) as new_users
    from {{ ref('dim_users') }}
    where first_active_date is not null
    group by first_active_date

),

sessions as (

    select
        session_date as metric_date,
        count(*) as sessions,
        count(distinct user_key) as session_users,
        avg(duration_seconds) as avg_session_seconds
    from {{ ref('fct_sessions') }}
    group by session_date

),

funnels as (

    select
        entry_date as metric_date,
        {%- for funnel in flywheel_setting('funnels') %}
            max(case
                when funnel_name = {{ sql_literal(funnel["name"]) }} and step_number = {{ funnel['steps'] | length }}
                    then conversion_from_start
            end) as {{ funnel['name'] }}_conversion
            {%- if not loop.last %},{% endif %}
        {%- endfor %}
    from {{ ref('funnel_conversion_daily') }}
    where breakdown = 'all'
    group by entry_date

),

last_complete as (

    select {{ last_complete_date() }} as last_complete_date

),

final as (

    select
        activity.metric_date,
        activity.dau,
        activity.wau,
        activity.mau,
        case
            when activity.mau > 0
                then cast(activity.dau as double precision) / activity.mau
        end as dau_mau_ratio,
        coalesce(new_users.new_users, 0) as new_users,
        activity.events,
        coalesce(sessions.sessions, 0) as sessions,
        cast(sessions.sessions as double precision) / sessions.session_users as sessions_per_user,
        sessions.avg_session_seconds,
        {%- for funnel in flywheel_setting('funnels') %}
            funnels.{{ funnel['name'] }}_conversion,
        {%- endfor %}
        activity.metric_date <= last_complete.last_complete_date as is_complete
    from activity
    cross join last_complete
    left join new_users on activity.metric_date = new_users.metric_date
    left join sessions on activity.metric_date = sessions.metric_date
    left join funnels on activity.metric_date = funnels.metric_date

)

select * from final
