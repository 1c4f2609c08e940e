{#-
    metrics_daily: one row per calendar date from the first to the last
    event_date (project time zone), with the engagement metrics of metrics.md:
    dau, wau, mau (window var mau_window_days), dau_mau_ratio = dau / mau (null
    when mau is 0), new_users (users whose first active date is the date),
    events (all events of the date), and is_complete: the date is on or before
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

last_complete as (

    select
        cast({{ dbt.dateadd('day', -1, 'max(arrival_date)') }} as date) as last_complete_date
    from {{ ref('stg_events') }}

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
        activity.metric_date <= last_complete.last_complete_date as is_complete
    from activity
    cross join last_complete
    left join new_users on activity.metric_date = new_users.metric_date

)

select * from final
