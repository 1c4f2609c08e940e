{#-
    int_user_segment_days: the segments of every user as of every date
    (metrics.md "Segments"; thresholds from config/segments.yml, var segments,
    with a tenant's overrides of config/tenants.yml, var tenant_segments).
    Grain: one row per tenant, as_of_date, user key (every user first seen on
    or before the date), segment_type and segment:

    - engagement (exactly one per user, first match wins): churned (no active
      day in the last churn_days days), at_risk (active days of the recent half
      of the at-risk window < at_risk_ratio x those of the earlier half, which
      were >= at_risk_min_earlier_days), then by active days in the last
      activity_days days: power_user, active_user, regular_user, casual_user.
    - lifecycle: new_user when the first active date is within the last
      new_user_days days.
    - value: high_value (power or active, converted), potential_high_value
      (power or active, not converted), medium_value (regular), low_value
      (casual or at_risk); converted = any conversion event on or before the date.
    - feature: each feature segment whose events occurred at least min_events
      times in its window.

    Incremental by as_of_date: a run recomputes every date from the earliest
    touched event date on (conversion and first activity reach forward in
    time) and the dates the spine gained since the last run, reading only the
    activity of the windows before them.
-#}

-- depends_on: {{ ref('int_touched_event_dates') }}
{{
    config(
        materialized='incremental',
        unique_key=['tenant_id', 'as_of_date'],
        incremental_strategy='delete+insert',
        tags=['arrival_window'],
        meta={'flywheel_settings': ['default_tenant', 'inactive_events', 'project_timezone', 'segments', 'tenant_segments', 'tenant_timezones']},
    )
}}

{%- set cfg = flywheel_setting('segments') %}
{%- set features = cfg['feature_segments'] %}
{%- set lookback = [
    segment_threshold_max('churn_days'), segment_threshold_max('activity_days'),
    2 * segment_threshold_max('at_risk_half_days'), segment_threshold_max('new_user_days')]
    + features | map(attribute='window_days') | list %}
{%- set max_lookback = lookback | max %}
{#- each tenant's window lengths, as SQL over dates.tenant_id -#}
{%- set churn_sql = segment_threshold('churn_days', 'dates.tenant_id') %}
{%- set activity_sql = segment_threshold('activity_days', 'dates.tenant_id') %}
{%- set half_sql = segment_threshold('at_risk_half_days', 'dates.tenant_id') %}

with

user_days as (

    select * from {{ ref('fct_user_daily') }}

),

dates as (

    select
        spine.tenant_id,
        spine.date_day as as_of_date
    from ({{ tenant_date_spine(ref('fct_user_daily')) }}) as spine
    {% if is_incremental() -%}
        where
            spine.date_day >= (select min(touched.event_date) from {{ ref('int_touched_event_dates') }} as touched)
            or not exists (
                select 1 from {{ this }} as computed
                where computed.tenant_id = spine.tenant_id and computed.as_of_date >= spine.date_day
            )
    {%- endif %}

),

users as (

    select
        tenant_id,
        user_key,
        first_seen_date,
        first_active_date
    from {{ ref('dim_users') }}

),

conversions as (

    select
        tenant_id,
        user_key,
        min(event_date) as first_converted_date
    from {{ ref('fct_events') }}
    where event_name in ({{ sql_string_list(cfg['conversion_events']) }})
    group by tenant_id, user_key

),

recent_active_days as (

    select
        tenant_id,
        user_key,
        event_date
    from user_days
    where
        is_active
        and event_date >= (
            select {{ dbt.dateadd('day', 1 - max_lookback, 'min(as_of_date)') }} from dates
        )

),

activity as (

    select
        dates.tenant_id,
        dates.as_of_date,
        active_days.user_key,
        sum(case
            when active_days.event_date > {{ dbt.dateadd('day', '-1 * ' ~ churn_sql, 'dates.as_of_date') }}
                then 1
            else 0
        end) as churn_window_days,
        sum(case
            when active_days.event_date > {{ dbt.dateadd('day', '-1 * ' ~ activity_sql, 'dates.as_of_date') }}
                then 1
            else 0
        end) as activity_days,
        sum(case
            when active_days.event_date > {{ dbt.dateadd('day', '-1 * ' ~ half_sql, 'dates.as_of_date') }} then 1 else 0
        end) as recent_half_days,
        sum(case
            when
                active_days.event_date <= {{ dbt.dateadd('day', '-1 * ' ~ half_sql, 'dates.as_of_date') }}
                and active_days.event_date > {{ dbt.dateadd('day', '-2 * ' ~ half_sql, 'dates.as_of_date') }}
                then 1
            else 0
        end) as earlier_half_days
    from dates
    inner join recent_active_days as active_days
        on
            dates.tenant_id = active_days.tenant_id
            and dates.as_of_date >= active_days.event_date
            and dates.as_of_date < {{ dbt.dateadd('day', max_lookback, 'active_days.event_date') }}
    group by dates.tenant_id, dates.as_of_date, active_days.user_key

),

user_dates as (

    select
        dates.tenant_id,
        dates.as_of_date,
        users.user_key,
        users.first_active_date,
        coalesce(activity.churn_window_days, 0) as churn_window_days,
        coalesce(activity.activity_days, 0) as activity_days,
        coalesce(activity.recent_half_days, 0) as recent_half_days,
        coalesce(activity.earlier_half_days, 0) as earlier_half_days,
        coalesce(conversions.first_converted_date <= dates.as_of_date, false) as is_converted
    from dates
    inner join users
        on
            dates.tenant_id = users.tenant_id
            and dates.as_of_date >= users.first_seen_date
    left join activity
        on
            dates.tenant_id = activity.tenant_id
            and dates.as_of_date = activity.as_of_date
            and users.user_key = activity.user_key
    left join conversions
        on
            users.tenant_id = conversions.tenant_id
            and users.user_key = conversions.user_key

),

engagement as (

    select
        *,
        case
            when churn_window_days = 0 then 'churned'
            when
                earlier_half_days >= {{ segment_threshold('at_risk_min_earlier_days') }}
                and recent_half_days < {{ segment_threshold('at_risk_ratio') }} * earlier_half_days
                then 'at_risk'
            when activity_days >= {{ segment_threshold('power_user_min_days') }} then 'power_user'
            when activity_days >= {{ segment_threshold('active_user_min_days') }} then 'active_user'
            when activity_days >= {{ segment_threshold('regular_user_min_days') }} then 'regular_user'
            when activity_days >= 1 then 'casual_user'
            else 'churned'
        end as engagement_segment
    from user_dates

),

{% if features %}
    {%- set feature_events = features | map(attribute='events') | sum(start=[]) | unique | list %}
    feature_days as (

        select
            tenant_id,
            user_key,
            event_date,
            {%- for feature in features %}
                sum(case
                    when event_name in ({{ sql_string_list(feature['events']) }}) then 1
                    else 0
                end) as {{ feature['name'] }}_events{% if not loop.last %},{% endif %}
            {%- endfor %}
        from {{ ref('fct_events') }}
        where
            event_name in ({{ sql_string_list(feature_events) }})
            and event_date >= (
                select {{ dbt.dateadd('day', 1 - max_lookback, 'min(as_of_date)') }} from dates
            )
        group by tenant_id, user_key, event_date

    ),

    feature_counts as (

        select
            dates.tenant_id,
            dates.as_of_date,
            used_days.user_key,
            {%- for feature in features %}
                sum(case
                    when used_days.event_date > {{ dbt.dateadd('day', -feature['window_days'], 'dates.as_of_date') }}
                        then used_days.{{ feature['name'] }}_events
                    else 0
                end) as {{ feature['name'] }}_events{% if not loop.last %},{% endif %}
            {%- endfor %}
        from dates
        inner join feature_days as used_days
            on
                dates.tenant_id = used_days.tenant_id
                and dates.as_of_date >= used_days.event_date
                and dates.as_of_date < {{ dbt.dateadd('day', max_lookback, 'used_days.event_date') }}
        group by dates.tenant_id, dates.as_of_date, used_days.user_key

    ),
{% endif %}

memberships as (

    select
        tenant_id,
        as_of_date,
        user_key,
        'engagement' as segment_type,
        engagement_segment as segment
    from engagement

    union all

    select
        tenant_id,
        as_of_date,
        user_key,
        'lifecycle' as segment_type,
        'new_user' as segment
    from engagement
    where
        first_active_date > {{ dbt.dateadd('day', '-1 * ' ~ segment_threshold('new_user_days'), 'as_of_date') }}
        and first_active_date <= as_of_date

    union all

    select
        tenant_id,
        as_of_date,
        user_key,
        'value' as segment_type,
        case
            when engagement_segment in ('power_user', 'active_user') and is_converted then 'high_value'
            when engagement_segment in ('power_user', 'active_user') then 'potential_high_value'
            when engagement_segment = 'regular_user' then 'medium_value'
            else 'low_value'
        end as segment
    from engagement
    where engagement_segment != 'churned'

    {%- for feature in features %}

        union all

        select
            tenant_id,
            as_of_date,
            user_key,
            'feature' as segment_type,
            {{ sql_literal(feature["name"]) }} as segment
        from feature_counts
        where {{ feature['name'] }}_events >= {{ feature['min_events'] }}
    {%- endfor %}

),

final as (

    select
        *,
        -- audit: the dbt invocation that computed the date (fct_user_segments
        -- rebuilds its history from the earliest date of the current run)
        '{{ invocation_id }}' as dbt_invocation_id
    from memberships

)

select * from final
