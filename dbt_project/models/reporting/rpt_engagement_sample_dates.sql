{#-
    rpt_engagement_sample_dates: engagement and sessions (marts.metrics_daily)
    on four complete dates spread evenly over the complete range: with n
    complete dates and step = max(floor(n / 4), 1), the dates number step,
    2 x step, 3 x step and 4 x step in date order, per tenant. One row per
    tenant and date.
-#}

with

complete_dates as (

    select
        *,
        row_number() over (partition by tenant_id order by metric_date) as date_number,
        count(*) over (partition by tenant_id) as complete_date_count
    from {{ ref('metrics_daily') }}
    where is_complete

),

spaced as (

    select
        *,
        greatest(cast(floor(complete_date_count / 4.0) as {{ dbt.type_int() }}), 1) as date_step
    from complete_dates

),

final as (

    select
        tenant_id,
        metric_date,
        dau,
        wau,
        mau,
        dau_mau_ratio,
        new_users,
        events,
        sessions,
        sessions_per_user
    from spaced
    where mod(date_number, date_step) = 0 and date_number <= 4 * date_step

)

select * from final
