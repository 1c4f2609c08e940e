{#-
    metrics_daily: one row per tenant and calendar date from the tenant's first
    to its last event_date (project time zone, or the tenant's own), with the engagement metrics of metrics.md:
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

-- depends_on: {{ ref('dim_users') }}

with

activity as (

    select * from {{ ref('int_active_users_daily') }}

),

new_users as (

    select
        tenant_id,
        first_active_date as metric_date,
        count(*) as new_users
    from {{ ref('dim_users') }}
    where first_active_date is not null
    group by tenant_id, first_active_date

),

sessions as (

    select
        tenant_id,
        session_date as metric_date,
        count(*) as sessions,
        count(distinct user_key) as session_users,
        avg(duration_seconds) as avg_session_seconds
    from {{ ref('fct_sessions') }}
    group by tenant_id, session_date

),

funnel_step_counts as (

    {{ funnel_steps(user_tenants()) }}

),

funnels as (

    select
        conversions.tenant_id,
        conversions.entry_date as metric_date,
        {%- for name in funnel_names() %}
            max(case
                when conversions.funnel_name = {{ sql_literal(name) }} and conversions.step_number = steps.step_count
                    then conversions.conversion_from_start
            end) as {{ name }}_conversion
            {%- if not loop.last %},{% endif %}
        {%- endfor %}
    from {{ ref('funnel_conversion_daily') }} as conversions
    inner join funnel_step_counts as steps
        on
            conversions.tenant_id = steps.tenant_id
            and conversions.funnel_name = steps.funnel_name
            and conversions.step_number = steps.step_number
    where conversions.breakdown = 'all'
    group by conversions.tenant_id, conversions.entry_date

),

last_complete as (

    select {{ last_complete_date() }} as last_complete_date

),

final as (

    select
        activity.tenant_id,
        activity.metric_date,
        activity.dau,
        activity.wau,
        activity.mau,
        case
            when activity.mau > 0
                then cast(activity.dau as {{ type_double() }}) / activity.mau
        end as dau_mau_ratio,
        coalesce(new_users.new_users, 0) as new_users,
        activity.events,
        coalesce(sessions.sessions, 0) as sessions,
        cast(sessions.sessions as {{ type_double() }}) / sessions.session_users as sessions_per_user,
        sessions.avg_session_seconds,
        {%- for name in funnel_names() %}
            funnels.{{ name }}_conversion,
        {%- endfor %}
        activity.metric_date <= last_complete.last_complete_date as is_complete
    from activity
    cross join last_complete
    left join new_users
        on
            activity.tenant_id = new_users.tenant_id
            and activity.metric_date = new_users.metric_date
    left join sessions
        on
            activity.tenant_id = sessions.tenant_id
            and activity.metric_date = sessions.metric_date
    left join funnels
        on
            activity.tenant_id = funnels.tenant_id
            and activity.metric_date = funnels.metric_date

)

select * from final
