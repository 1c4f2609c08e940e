{#-
    int_active_users_daily: one row per tenant and calendar date from the
    tenant's first to its last event_date, with the engagement counts of metrics.md:
    DAU (active on d), WAU (active in [d-6, d]), MAU (active in
    [d - mau_window_days + 1, d]) and the day's events.

    Incremental: recomputes the dates that a touched event_date t can change,
    t .. t + mau_window_days - 1, and the dates the spine gained since the last
    run (days without events before a later event).
-#}

-- depends_on: {{ ref('int_touched_event_dates') }}
{{
    config(
        materialized='incremental',
        unique_key=['tenant_id', 'metric_date'],
        incremental_strategy='delete+insert',
        tags=['arrival_window'],
        meta={'flywheel_settings': ['default_tenant', 'inactive_events', 'mau_window_days', 'project_timezone', 'tenant_timezones']},
    )
}}

{%- set mau_days = flywheel_setting('mau_window_days') | int %}

with

user_days as (

    select * from {{ ref('fct_user_daily') }}

),

spine as (

    {{ tenant_date_spine(ref('fct_user_daily')) }}

),

metric_dates as (

    select
        spine.tenant_id,
        spine.date_day as metric_date
    from spine
    {% if is_incremental() %}
        where
            exists (
                select 1
                from {{ ref('int_touched_event_dates') }} as touched
                where
                    spine.date_day between touched.event_date
                    and {{ dbt.dateadd('day', mau_days - 1, 'touched.event_date') }}
            )
            -- dates the spine gained since the last run (a gap before a later event)
            or not exists (
                select 1 from {{ this }} as computed
                where computed.tenant_id = spine.tenant_id and computed.metric_date >= spine.date_day
            )
    {% endif %}

),

windowed as (

    select
        metric_dates.tenant_id,
        metric_dates.metric_date,
        user_days.user_key,
        user_days.event_date,
        user_days.is_active,
        user_days.events
    from metric_dates
    left join user_days
        on
            metric_dates.tenant_id = user_days.tenant_id
            and user_days.event_date between
            {{ dbt.dateadd('day', 1 - mau_days, 'metric_dates.metric_date') }}
            and metric_dates.metric_date

),

final as (

    select
        tenant_id,
        metric_date,
        count(distinct case
            when is_active and event_date = metric_date then user_key
        end) as dau,
        count(distinct case
            when is_active and event_date >= {{ dbt.dateadd('day', -6, 'metric_date') }}
                then user_key
        end) as wau,
        count(distinct case when is_active then user_key end) as mau,
        cast(coalesce(sum(case when event_date = metric_date then events end), 0) as {{ dbt.type_bigint() }}) as events
    from windowed
    group by tenant_id, metric_date

)

select * from final
