{#-
    Lifecycle counts per period of `grain` ('day' or 'week'), metrics.md
    "Lifecycle": for period p and user u, new when u's first active period is
    p; returning when active in p and p-1; resurrecting when active in p, not
    in p-1 and not new; dormant when active in p-1 and not in p (reported at p).
    One row per tenant and period from the tenant's first to its last event
    date's period, zero rows included. Columns: period_start, period_end, active_users, new_users,
    returning_users, resurrecting_users, dormant_users (counts; dormant is
    positive here, charts draw it below zero), is_complete.
-#}
{% macro lifecycle_counts(grain) -%}

with

user_days as (

    select * from {{ ref('fct_user_daily') }}

),

active_periods as (

    select distinct
        tenant_id,
        user_key,
        {{ period_start(grain, 'event_date') }} as period_start
    from user_days
    where is_active

),

first_periods as (

    select
        tenant_id,
        user_key,
        min(period_start) as first_period_start
    from active_periods
    group by tenant_id, user_key

),

spine as (

    select distinct
        tenant_id,
        {{ period_start(grain, 'date_day') }} as period_start
    from (
        {{ tenant_date_spine(ref('fct_user_daily')) }}
    ) as days

),

classified as (

    select
        current_period.tenant_id,
        current_period.period_start,
        case
            when current_period.period_start = first_periods.first_period_start then 'new'
            when previous_period.user_key is not null then 'returning'
            else 'resurrecting'
        end as status
    from active_periods as current_period
    inner join first_periods
        on
            current_period.tenant_id = first_periods.tenant_id
            and current_period.user_key = first_periods.user_key
    left join active_periods as previous_period
        on
            current_period.tenant_id = previous_period.tenant_id
            and current_period.user_key = previous_period.user_key
            and previous_period.period_start = {{ period_add(grain, -1, 'current_period.period_start') }}

),

statuses as (

    select
        tenant_id,
        period_start,
        count(*) as active_users,
        sum(case when status = 'new' then 1 else 0 end) as new_users,
        sum(case when status = 'returning' then 1 else 0 end) as returning_users,
        sum(case when status = 'resurrecting' then 1 else 0 end) as resurrecting_users
    from classified
    group by tenant_id, period_start

),

dormant as (

    select
        previous_period.tenant_id,
        {{ period_add(grain, 1, 'previous_period.period_start') }} as period_start,
        count(*) as dormant_users
    from active_periods as previous_period
    left join active_periods as current_period
        on
            previous_period.tenant_id = current_period.tenant_id
            and previous_period.user_key = current_period.user_key
            and current_period.period_start = {{ period_add(grain, 1, 'previous_period.period_start') }}
    where current_period.user_key is null
    group by previous_period.tenant_id, {{ period_add(grain, 1, 'previous_period.period_start') }}

),

final as (

    select
        spine.tenant_id,
        spine.period_start,
        {{ period_end(grain, 'spine.period_start') }} as period_end,
        cast(coalesce(statuses.active_users, 0) as {{ dbt.type_bigint() }}) as active_users,
        cast(coalesce(statuses.new_users, 0) as {{ dbt.type_bigint() }}) as new_users,
        cast(coalesce(statuses.returning_users, 0) as {{ dbt.type_bigint() }}) as returning_users,
        cast(coalesce(statuses.resurrecting_users, 0) as {{ dbt.type_bigint() }}) as resurrecting_users,
        cast(coalesce(dormant.dormant_users, 0) as {{ dbt.type_bigint() }}) as dormant_users,
        {{ period_end(grain, 'spine.period_start') }} <= {{ last_complete_date() }} as is_complete
    from spine
    left join statuses
        on
            spine.tenant_id = statuses.tenant_id
            and spine.period_start = statuses.period_start
    left join dormant
        on
            spine.tenant_id = dormant.tenant_id
            and spine.period_start = dormant.period_start

)

select * from final

{%- endmacro %}
