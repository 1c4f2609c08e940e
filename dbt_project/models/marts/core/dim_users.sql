{#-
    dim_users: one row per tenant and stitched user key ever seen (a user is a
    tenant x user key: the same user_id in two tenants is two users). First seen (any
    event), first and last active date (metrics.md "active event"), and the
    first-touch platform and acquisition channel: those of the user's first
    event. Built from fct_user_daily (one row per user-day), not from events.

    Incremental by user key: a run recomputes the users with a row on a touched
    event date, from all of their days (a late event can move a first active
    date back); the pre-hook drops keys that no longer exist (an anonymous key
    stitched to a signed-in user, a user whose events were all retracted). A
    window with retracted events recomputes every user.
-#}

-- depends_on: {{ ref('int_touched_event_dates') }}
{{
    config(
        materialized='incremental',
        unique_key=['tenant_id', 'user_key'],
        incremental_strategy='delete+insert',
        pre_hook=[
            "{{ delete_vanished_user_keys('fct_user_daily') }}",
            "{{ delete_all_when_retracted() }}",
        ],
        tags=['arrival_window'],
        meta={'flywheel_settings': ['default_tenant', 'inactive_events', 'project_timezone', 'tenant_timezones']},
    )
}}

with

user_days as (

    select user_days.*
    from {{ ref('fct_user_daily') }} as user_days
    {% if is_incremental() and not retractions_in_window() %}
        where exists (
            select 1 from {{ ref('fct_user_daily') }} as touched_users
            {{ touched_event_dates_filter('touched_users.event_date') }}
            and touched_users.tenant_id = user_days.tenant_id
                and touched_users.user_key = user_days.user_key
        )
    {% endif %}

),

first_days as (

    select
        *,
        row_number() over (partition by tenant_id, user_key order by event_date) as day_number
    from user_days

),

aggregated as (

    select
        tenant_id,
        user_key,
        min(first_event_at) as first_seen_at,
        min(event_date) as first_seen_date,
        min(case when is_active then event_date end) as first_active_date,
        max(case when is_active then event_date end) as last_active_date,
        cast(sum(case when is_active then 1 else 0 end) as {{ dbt.type_bigint() }}) as active_days,
        cast(sum(events) as {{ dbt.type_bigint() }}) as events
    from user_days
    group by tenant_id, user_key

),

final as (

    select
        aggregated.tenant_id,
        aggregated.user_key,
        case
            when aggregated.user_key like 'anon:%' then null else aggregated.user_key
        end as user_id,
        aggregated.user_key not like 'anon:%' as is_identified,
        aggregated.first_seen_at,
        aggregated.first_seen_date,
        aggregated.first_active_date,
        aggregated.last_active_date,
        aggregated.active_days,
        aggregated.events,
        first_days.first_platform,
        first_days.first_acquisition_channel
    from aggregated
    inner join first_days
        on
            aggregated.tenant_id = first_days.tenant_id
            and aggregated.user_key = first_days.user_key
            and first_days.day_number = 1

)

select * from final
