{#-
    funnel_conversion_daily: one row per tenant, funnel, entry date, breakdown,
    breakdown value and step (metrics.md "Funnels"). Users are counted once per
    funnel, on the entry date of their counted attempt (fct_funnel_progress).
    Breakdown `all` (value `all`) covers every user; each breakdown listed for
    the funnel in config/funnels.yml (platform, acquisition_channel: the user's
    first-touch values in dim_users, `(unknown)` when missing) splits them.
    Every step has a row for every entry date with entries (0 when none reached it).
-#}

with

progress as (

    select * from {{ ref('fct_funnel_progress') }}

),

users as (

    select * from {{ ref('dim_users') }}

),

steps as (

    {{ funnel_steps(user_tenants()) }}

),

user_breakdowns as (

    select
        tenant_id,
        funnel_name,
        user_key,
        'all' as breakdown,
        'all' as breakdown_value
    from progress
    where step_number = 1
    {% for funnel in flywheel_setting('funnels') %}
        {%- for breakdown in funnel['breakdowns'] %}
            union all
            select
                progress.tenant_id,
                progress.funnel_name,
                progress.user_key,
                {{ sql_literal(breakdown) }} as breakdown,
                coalesce(users.first_{{ breakdown }}, '(unknown)') as breakdown_value
            from progress
            inner join users
                on
                    progress.tenant_id = users.tenant_id
                    and progress.user_key = users.user_key
            where
                progress.funnel_name = {{ sql_literal(funnel["name"]) }}
                and {{ funnel_applies_to(funnel, 'progress.tenant_id') }}
                and progress.step_number = 1
        {%- endfor %}
    {%- endfor %}

),

reached as (

    select
        progress.tenant_id,
        progress.funnel_name,
        progress.entry_date,
        user_breakdowns.breakdown,
        user_breakdowns.breakdown_value,
        progress.step_number,
        count(*) as users_reached,
        {{ median('progress.seconds_from_entry') }} as median_seconds_from_entry
    from progress
    inner join user_breakdowns
        on
            progress.tenant_id = user_breakdowns.tenant_id
            and progress.funnel_name = user_breakdowns.funnel_name
            and progress.user_key = user_breakdowns.user_key
    group by
        progress.tenant_id,
        progress.funnel_name,
        progress.entry_date,
        user_breakdowns.breakdown,
        user_breakdowns.breakdown_value,
        progress.step_number

),

grid as (

    select
        entries.tenant_id,
        entries.funnel_name,
        entries.entry_date,
        entries.breakdown,
        entries.breakdown_value,
        entries.users_reached as users_entered,
        steps.step_number,
        steps.step_name,
        steps.conversion_window_days
    from reached as entries
    inner join steps
        on
            entries.tenant_id = steps.tenant_id
            and entries.funnel_name = steps.funnel_name
    where entries.step_number = 1

),

counted as (

    select
        grid.*,
        coalesce(reached.users_reached, 0) as users_reached,
        reached.median_seconds_from_entry
    from grid
    left join reached
        on
            grid.tenant_id = reached.tenant_id
            and grid.funnel_name = reached.funnel_name
            and grid.entry_date = reached.entry_date
            and grid.breakdown = reached.breakdown
            and grid.breakdown_value = reached.breakdown_value
            and grid.step_number = reached.step_number

),

final as (

    select
        -- keys
        tenant_id,
        funnel_name,
        entry_date,
        breakdown,
        breakdown_value,
        step_number,
        step_name,

        -- counts and rates
        users_reached,
        cast(users_reached as {{ type_double() }}) / users_entered as conversion_from_start,
        cast(users_reached as {{ type_double() }}) / nullif(
            lag(users_reached) over (
                partition by tenant_id, funnel_name, entry_date, breakdown, breakdown_value
                order by step_number
            ),
            0
        ) as conversion_from_previous,
        median_seconds_from_entry,

        -- completeness
        {{ dbt.dateadd('day', 'conversion_window_days', 'entry_date') }}
        <= {{ last_complete_date() }} as is_window_complete

    from counted

)

select * from final
