{#-
    metrics.md "Lifecycle" invariants, on every day and every week:
    active(p) = new + returning + resurrecting, and
    dormant(p) = active(p-1) - returning(p) (active before the first period: 0).
    Returns the periods that break one.
-#}
{{ config(meta={'dagster': {'ref': {'name': 'lifecycle_daily'}}}) }}

with

periods as (

    select
        'day' as grain,
        *
    from {{ ref('lifecycle_daily') }}
    union all
    select
        'week' as grain,
        *
    from {{ ref('lifecycle_weekly') }}

),

checked as (

    select
        *,
        coalesce(
            lag(active_users) over (partition by grain, tenant_id order by period_start), 0
        ) as previous_active_users
    from periods

)

select * from checked
where
    active_users != new_users + returning_users + resurrecting_users
    or dormant_users != previous_active_users - returning_users
